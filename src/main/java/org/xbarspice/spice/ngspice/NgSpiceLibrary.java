package org.xbarspice.spice.ngspice;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The C API of ngspice's shared library (sharedspice.h, ngspice 46) as JNA sees it. NG_BOOL is a
 * one-byte C bool: it maps to {@code byte}, never to {@code boolean}.
 */
interface NgSpiceLibrary extends Library {

    /** Receives every output line, prefixed {@code stdout } or {@code stderr }. */
    interface SendChar extends Callback {
        int invoke(String line, int id, Pointer user);
    }

    /** Receives simulation progress text ("tran: 42.1%"), at most every 150 ms. */
    interface SendStat extends Callback {
        int invoke(String status, int id, Pointer user);
    }

    /** Called on fatal errors and on {@code quit}: ngspice wants to exit. */
    interface ControlledExit extends Callback {
        int invoke(int status, byte immediate, byte quit, int id, Pointer user);
    }

    /**
     * Called by ngspice's background thread ({@code bg_run}) as it starts (0) and as it ends (1: the flag is inverted);
     * from a fatal exit on that thread too (1), before {@link ControlledExit}. Required once that thread is used.
     */
    interface BgThreadRunning extends Callback {
        int invoke(byte ended, int id, Pointer user);
    }

    int ngSpice_Init(SendChar sendChar, SendStat sendStat, ControlledExit exit, Pointer sendData,
                     Pointer sendInitData, BgThreadRunning bgThreadRunning, Pointer user);

    /** Frees what ngspice holds, as far as it can; {@link #ngSpice_Init} must follow before any other call. */
    int ngSpice_Reset();

    /** Runs one command (at most 1023 characters); null frees the command history. */
    int ngSpice_Command(String command);

    /** Loads a circuit from a NULL-terminated array of lines. */
    int ngSpice_Circ(Pointer lines);

    /** Pointer to a static {@code vector_info} for the named vector of the current plot, or null. */
    Pointer ngGet_Vec_Info(String vector);

    /** Name of the current plot ({@code const} when no analysis has produced one). */
    String ngSpice_CurPlot();

    /** NULL-terminated array of the names of all plots, newest first, {@code const} last (ngspice owns it). */
    Pointer ngSpice_AllPlots();

    /** NULL-terminated array of the names of the vectors of plot {@code plot}, newest first (ngspice owns it). */
    Pointer ngSpice_AllVecs(String plot);
}
