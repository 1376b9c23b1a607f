package org.xbarspice.spice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.xbarspice.units.BoundedFiles;
import org.xbarspice.units.InvalidInputException;

/**
 * A netlist file made self-contained before the engine sees it: every {@code .include FILE} ({@code .inc}) is
 * replaced by the file's lines and every {@code .lib FILE SECTION} by the lines between {@code .lib SECTION} and
 * {@code .endl} of that library file, recursively. ngspice itself recurses until the process dies (SIGSEGV) on a
 * file that includes itself; here a cycle, a missing file or section, nesting deeper than {@link #MAX_DEPTH} and a
 * result larger than {@link BoundedFiles#NETLIST_LIMIT} are {@link InvalidInputException}s naming the chain of files.
 *
 * <p>Rules (ngspice's, except where noted): a path may be quoted with {@code "} or {@code '}; a relative path is
 * resolved against the folder of the file whose line names it, then against each folder of a search path (see
 * {@link #read(Path, List)}); {@code ~/} against the home folder; a library file is read with its own
 * {@code .include}s inlined and its sections may reference sections of any library; {@code .end} in an included file
 * is ignored. {@link #checkControlCommands} then refuses {@code .control} commands that run programs.
 */
public final class NetlistFile {
    /** Deepest nesting of includes or of library sections. */
    public static final int MAX_DEPTH = 16;
    private static final String MARK = "* xbarspice: ";

    /**
     * One line of the self-contained netlist and where it came from.
     *
     * @param number 1-based line number in {@code file}; 0 for the comment lines that mark an inlined file
     */
    public record Line(String text, Path file, int number) {
        /** e.g. {@code sub/models.lib line 12}. */
        public String where() {
            return file + " line " + number;
        }
    }

    private final Path file;
    private final List<Line> lines;
    /**
     * What kind of command file this is when every line is a command ({@code *ng_script deck}, {@code command file}),
     * or null for a netlist, whose commands are the lines of its .control blocks.
     */
    private final String script;

    private NetlistFile(Path file, List<Line> lines, String script) {
        this.file = file;
        this.lines = List.copyOf(lines);
        this.script = script;
    }

    /**
     * Reads {@code file} and everything it includes, relative paths resolved against the including file's folder only.
     *
     * @throws InvalidInputException if a file is missing, unreadable, too large, includes form a cycle, a
     *                               library section is missing or has no {@code .endl}, or the netlist grows too large
     */
    public static NetlistFile read(Path file) {
        return read(file, List.of());
    }

    /**
     * Reads {@code file} and everything it includes; a relative path that names no file next to the file whose line
     * names it is looked for in each folder of {@code searchPath} in turn. ngspice's own search path is its working
     * folder, then the folders of its {@code sourcepath} variable; ngspice 46 itself tries those before the including
     * file's folder (measured: a file of the same name in the working folder wins), which differs from this only when
     * one name exists in several places.
     *
     * @throws InvalidInputException as {@link #read(Path)}
     */
    public static NetlistFile read(Path file, List<Path> searchPath) {
        Reader reader = new Reader(searchPath);
        List<Line> out = new ArrayList<>();
        reader.readFile(file, null, out, true, new ArrayDeque<>());
        boolean script = !out.isEmpty() && lower(out.get(0).text()).startsWith("*ng_script");
        return new NetlistFile(file, out, script ? "*ng_script deck" : null);
    }

    /**
     * Reads a command file (an ngspice {@code .spiceinit}): every line is a command, as {@link #checkControlCommands}
     * then checks. ngspice reads such a file without following includes.
     *
     * @throws InvalidInputException if the file is unreadable or too large
     */
    public static NetlistFile readScript(Path file) {
        String text = BoundedFiles.readNetlistText(file, "command file '" + file + "'", BoundedFiles.NETLIST_LIMIT);
        List<Line> lines = new ArrayList<>();
        String[] raw = text.split("\n", -1);
        for (int i = 0; i < raw.length - (text.endsWith("\n") ? 1 : 0); i++) {
            lines.add(new Line(raw[i], file, i + 1));
        }
        return new NetlistFile(file, lines, "command file");
    }

    /**
     * Refuses a netlist without an {@code .end} line (an {@code *ng_script} deck needs none), which ngspice rejects
     * without saying why.
     *
     * @throws SpiceNetlistException naming the file
     */
    public void requireEnd() {
        if (script == null && lines.stream().noneMatch(l -> lower(l.text()).strip().matches("\\.end(\\s.*)?"))) {
            throw new SpiceNetlistException(file + (lines.stream().allMatch(l -> l.text().isBlank()) ? " is empty: give a "
                    + "netlist (a title line, the circuit, .end)" : " has no .end line: ngspice reads a netlist up to its .end; "
                    + "add .end as its last line"), List.of());
        }
    }

    /**
     * Checks that the netlist runs something: an analysis line ({@code .op}, {@code .tran}, ...) or a {@code .control}
     * block (whose commands may run analyses). Without either ngspice simulates nothing ({@code ngspice -b} says "no
     * simulations run!").
     *
     * @throws SpiceNetlistException naming the file and the lines to add
     */
    public void requireAnalysis() {
        if (script == null && !hasAnalysis() && lines.stream().noneMatch(l -> lower(l.text()).startsWith(".control"))) {
            throw new SpiceNetlistException(file + " has no analysis line (.op, .dc, .tran, .ac, ...), so ngspice would "
                    + "simulate nothing: add one, e.g. .op before .end", List.of());
        }
    }

    /** The file that was read. */
    public Path file() {
        return file;
    }

    /** The self-contained netlist, line by line. */
    public List<Line> lines() {
        return lines;
    }

    /** The self-contained netlist text ({@code \n} line ends), for {@link SpiceEngine#run}. */
    public String text() {
        StringBuilder text = new StringBuilder();
        for (Line line : lines) {
            text.append(line.text()).append('\n');
        }
        return text.toString();
    }

    /**
     * Refuses {@code .control} commands (all lines of an {@code *ng_script} deck or a command file) that run other
     * programs or unchecked files. Unless {@code allowShell}: {@code shell} (with {@code pre_}, in quotes or in an
     * alias), backquotes (ngspice runs their text in the shell), {@code unixcom} (unknown commands go to the shell), a
     * command name taken from a variable, {@code codemodel} and {@code osdi} (they load native libraries), {@code
     * gnuplot}, {@code xgraph}, {@code bug}, {@code edit} and {@code hardcopy} (they run programs). Always: {@code
     * source}, which reads a file past the checks of {@link #read} (a file that sources itself kills the process), and
     * {@code aspice} and {@code rspice}, which start another ngspice process (aspice crashed the JVM).
     *
     * @throws InvalidInputException naming the file, the line and the command
     */
    public void checkControlCommands(boolean allowShell) {
        int depth = 0;
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            String text = lower(line.text());
            if (text.startsWith(".control")) {
                depth++;
                continue;
            }
            if (text.startsWith(".endc")) {
                depth = Math.max(0, depth - 1);
                continue;
            }
            if (depth == 0 && script == null) {
                continue;
            }
            StringBuilder command = new StringBuilder(text);
            while (i + 1 < lines.size() && lower(lines.get(i + 1).text()).startsWith("+")) {
                command.append(' ').append(lower(lines.get(++i).text()).substring(1));
            }
            String problem = controlProblem(command.toString(), allowShell);
            if (problem != null) {
                throw new InvalidInputException((script == null ? "netlist " : "") + line.where() + " ('" + line.text().strip() + "', in a "
                        + (script == null ? ".control block" : script) + "): " + problem);
            }
        }
    }

    /** ngspice 46's analysis lines. */
    private static final Set<String> ANALYSES = Set.of(".op", ".dc", ".ac", ".tran", ".noise", ".disto", ".pz", ".sens",
            ".tf", ".sp", ".pss");

    /** Whether the netlist has an analysis line ({@code .tran}, {@code .ac}, ...) outside its {@code .control} blocks. */
    public boolean hasAnalysis() {
        return script == null && !analyses(text()).isEmpty();
    }

    /**
     * The analyses of {@code netlist}'s analysis lines outside its {@code .control} blocks, as their lower-case words
     * ({@code .tran}, {@code .op}, ...). Reads past the first word only of the lines that start with a dot, few in a large
     * generated netlist.
     */
    public static Set<String> analyses(String netlist) {
        Set<String> found = new HashSet<>();
        int depth = 0;
        int n = netlist.length();
        for (int start = 0; start < n; ) {
            int end = netlist.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            int at = start;
            while (at < end && Character.isWhitespace(netlist.charAt(at))) {
                at++;
            }
            if (at < end && netlist.charAt(at) == '.') {
                int wordEnd = at;
                while (wordEnd < end && !Character.isWhitespace(netlist.charAt(wordEnd))) {
                    wordEnd++;
                }
                String word = netlist.substring(at, wordEnd).toLowerCase(Locale.ROOT);
                if (word.startsWith(".control")) {
                    depth++;
                } else if (word.startsWith(".endc")) {
                    depth = Math.max(0, depth - 1);
                } else if (depth == 0 && ANALYSES.contains(word)) {
                    found.add(word);
                }
            }
            start = end + 1;
        }
        return found;
    }

    /**
     * The netlist's {@code .four} / {@code .fourier} lines (outside {@code .control} blocks), which a run that writes a
     * raw file ignores, as {@code ngspice -b -r} does.
     */
    public List<Line> fourierLines() {
        List<Line> out = new ArrayList<>();
        for (Line line : circuitLines()) {
            String word = lower(line.text()).split("\\s+", 2)[0];
            if (word.equals(".four") || word.equals(".fourier")) {
                out.add(line);
            }
        }
        return out;
    }

    /**
     * The names of the netlist's {@code .meas} / {@code .measure} results (outside {@code .control} blocks), lower case,
     * in the netlist's order: {@code .meas tran NAME ...}.
     */
    public List<String> measurements() {
        List<String> names = new ArrayList<>();
        for (Line line : circuitLines()) {
            String[] words = lower(line.text()).split("\\s+");
            if (words.length >= 3 && (words[0].equals(".meas") || words[0].equals(".measure")) && !names.contains(words[2])) {
                names.add(words[2]);
            }
        }
        return names;
    }

    /** The names of the {@code .meas} results computed from other results and parameters ({@code param=}), lower case. */
    public List<String> parameterMeasurements() {
        List<String> names = new ArrayList<>();
        for (String line : logicalLines(circuitLines())) {
            String text = lower(line);
            String[] words = text.split("\\s+");
            if (words.length >= 3 && (words[0].equals(".meas") || words[0].equals(".measure"))
                    && text.matches(".*\\sparam\\s*=.*")) {
                names.add(words[2]);
            }
        }
        return names;
    }

    /** Analyses whose plots hold the circuit's node voltages and branch currents, which a {@code save} can pick from. */
    private static final Set<String> NODE_ANALYSES = Set.of(".op", ".dc", ".ac", ".tran");
    /** Words of a {@code .meas} line after which a vector follows ({@code FIND v(out)}, {@code MAX out}). */
    private static final Set<String> MEASURE_FUNCTIONS = Set.of("find", "when", "trig", "targ", "avg", "min", "max", "pp",
            "rms", "integ", "integral", "deriv", "derivative", "min_at", "max_at", "err", "err1", "err2", "err3");
    /** {@code v(a)}, {@code v(a,b)}, {@code vdb(a)}, {@code i(v1)}, {@code ip(v1)}: the vector references of a .meas line. */
    private static final java.util.regex.Pattern REFERENCE = java.util.regex.Pattern.compile(
            "(?<![\\w@.#])([vi])(?:m|p|db|r|i)?\\(([^()]*)\\)");
    /** {@code @m1[id]}: a device quantity. */
    private static final java.util.regex.Pattern SPECIAL = java.util.regex.Pattern.compile("@[^\\s\\[\\]()=']+\\[[^\\]\\s]+\\]");

    /**
     * The vectors that the netlist's {@code .meas} lines read, as {@code save} arguments ({@code v(out)}, {@code i(v1)},
     * {@code @m1[id]}, a bare node name), a superset of what ngspice itself saves for them in batch mode
     * ({@code ngspice -b} without {@code -r}, which keeps only those vectors); or null when a run restricted to them
     * could differ from one that keeps every vector in more than the vectors kept: the netlist has no {@code .meas}
     * line, has a {@code .control} block (it may save, run or measure itself), its own {@code .save}, {@code .probe} or
     * {@code savecurrents}, an analysis other than {@code .op}, {@code .dc}, {@code .ac} and {@code .tran} (a noise
     * analysis's vectors are not node voltages), or a {@code .meas} with an expression {@code par(...)} (ngspice
     * turns it into a vector of its own).
     */
    public List<String> measuredVectors() {
        if (script != null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        boolean any = false;
        for (String line : logicalLines(lines)) {
            String text = lower(line);
            String head = text.split("[\\s(]", 2)[0];
            if (head.startsWith(".control") || head.equals(".save") || head.equals(".probe")
                    || head.startsWith(".opt") && text.contains("savecurrents")) {
                return null;
            }
            if (head.startsWith(".") && ANALYSES.contains(head) && !NODE_ANALYSES.contains(head)) {
                return null;
            }
            if (!head.equals(".meas") && !head.equals(".measure")) {
                continue;
            }
            any = true;
            if (text.contains("par(")) {
                return null;
            }
            String[] words = text.split("\\s+");
            if (text.matches(".*\\sparam\\s*=.*")) {
                continue; // a result computed from other results and parameters: no vector
            }
            java.util.regex.Matcher m = REFERENCE.matcher(text);
            while (m.find()) {
                for (String node : m.group(2).split(",")) {
                    String name = m.group(1) + "(" + node.strip() + ")";
                    if (!node.isBlank() && !out.contains(name)) {
                        out.add(name);
                    }
                }
            }
            m = SPECIAL.matcher(text);
            while (m.find()) {
                if (!out.contains(m.group())) {
                    out.add(m.group());
                }
            }
            // bare node names: MAX out, WHEN out=0.5, WHEN out=ref
            String spaced = text.replace("=", " = ");
            String[] tokens = spaced.split("\\s+");
            for (int k = 3; k + 1 < tokens.length; k++) {
                if (!MEASURE_FUNCTIONS.contains(tokens[k])) {
                    continue;
                }
                addBare(out, tokens[k + 1]);
                if (k + 3 < tokens.length && tokens[k + 2].equals("=")) {
                    addBare(out, tokens[k + 3]);
                }
            }
            if (words.length < 3) {
                return null;
            }
        }
        return any ? out : null;
    }

    private static void addBare(List<String> out, String token) {
        if (token.isEmpty() || token.contains("(") || token.contains(")") || token.contains("'") || token.contains("{")
                || token.startsWith("@") || token.equals("=") || MEASURE_FUNCTIONS.contains(token)
                || token.matches("[+-]?(\\d|\\.\\d).*")) {
            return;
        }
        if (!out.contains(token)) {
            out.add(token);
        }
    }

    /** The netlist's lines with {@code +} continuation lines joined to the line they continue. */
    private static List<String> logicalLines(List<Line> lines) {
        List<String> out = new ArrayList<>();
        for (Line line : lines) {
            String text = line.text().stripLeading();
            if (text.startsWith("+") && !out.isEmpty()) {
                out.set(out.size() - 1, out.get(out.size() - 1) + " " + text.substring(1));
            } else {
                out.add(line.text());
            }
        }
        return out;
    }

    /** The lines outside {@code .control} ... {@code .endc} (none in a command file). */
    private List<Line> circuitLines() {
        List<Line> out = new ArrayList<>();
        int depth = 0;
        for (Line line : script != null ? List.<Line>of() : lines) {
            String text = lower(line.text());
            if (text.startsWith(".control")) {
                depth++;
            } else if (text.startsWith(".endc")) {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0) {
                out.add(line);
            }
        }
        return out;
    }

    /** The {@code .control} commands that run other programs or load native code, and what they do. */
    private static final Map<String, String> RUNS_PROGRAMS = Map.of(
            "shell", "runs a shell command",
            "codemodel", "loads a native library",
            "osdi", "loads a native library",
            "gnuplot", "runs the program gnuplot through the shell",
            "xgraph", "runs the program xgraph",
            "bug", "mails a bug report through the program Mail",
            "edit", "runs an editor",
            "hardcopy", "can send the plot to a printer program");
    /** Commands that start another ngspice process, which the embedded one cannot do ('aspice' crashed the JVM). */
    private static final Set<String> NEW_PROCESS = Set.of("aspice", "rspice");
    private static final String ALLOW = ": check the netlist; run it anyway with 'xbarspice spice --allow-shell'";

    /** Why a control line may not run, or null. {@code text} is lower case, leading blanks stripped. */
    private static String controlProblem(String text, boolean allowShell) {
        if (text.isEmpty() || text.startsWith("*")) {
            return null;
        }
        String plain = text.replace("\"", "").replace("'", "").replace("\\", "");
        String[] words = plain.split("[\\s;,()=]+");
        String first = words.length == 0 ? "" : words[0];
        if (first.equals("source") || first.equals("pre_source")) {
            return "'source' reads commands from a file that xbarspice cannot check (a file that sources itself kills "
                    + "the process): put the commands into the netlist instead";
        }
        boolean alias = first.equals("alias");
        for (String word : words) {
            if (NEW_PROCESS.contains(command(word)) && (word.equals(first) || alias)) {
                return "'" + word + "' starts a separate ngspice process, which the embedded ngspice cannot do (it crashed "
                        + "the JVM): run the analysis in this netlist, or run the netlist with the ngspice program";
            }
        }
        if (allowShell) {
            return null;
        }
        if (text.indexOf('`') >= 0) {
            return "ngspice runs the text between backquotes as a shell command" + ALLOW;
        }
        if (plain.contains("unixcom")) {
            return "'unixcom' makes ngspice run unknown commands in the shell" + ALLOW;
        }
        if (first.contains("$") || first.equals("alias") && plain.contains("$")) {
            return "a command name taken from a variable can be 'shell'" + ALLOW;
        }
        if (first.equals("echo")) {
            return null;
        }
        for (String word : words) {
            String name = command(word);
            // shell, codemodel and osdi anywhere on the line (quoted, in a string); the others as the command or an alias's
            boolean asCommand = word.equals(first) || alias || List.of("shell", "codemodel", "osdi").contains(name);
            if (RUNS_PROGRAMS.containsKey(name) && asCommand) {
                return "'" + word + "' " + RUNS_PROGRAMS.get(name) + ALLOW;
            }
        }
        return null;
    }

    /** A control word without its {@code pre_} prefix. */
    private static String command(String word) {
        return word.startsWith("pre_") ? word.substring("pre_".length()) : word;
    }

    /**
     * Requires {@code netlist} to name no other file: no {@code .include} or {@code .inc}, no {@code .lib} line.
     * The engine calls it on every netlist, so that ngspice never follows an include (see {@link #read}).
     *
     * @throws SpiceNetlistException naming the first such line
     */
    public static void requireSelfContained(String netlist) {
        int n = netlist.length();
        int lineNumber = 1;
        int start = 0;
        while (start < n) {
            int end = netlist.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            int k = start;
            while (k < end && (netlist.charAt(k) == ' ' || netlist.charAt(k) == '\t')) {
                k++;
            }
            if (k + 4 <= end && netlist.charAt(k) == '.'
                    && (netlist.regionMatches(true, k, ".inc", 0, 4) || netlist.regionMatches(true, k, ".lib", 0, 4))) {
                throw new SpiceNetlistException("netlist line " + lineNumber + " ('" + netlist.substring(k, end).strip()
                        + "') refers to another file or defines a library section: the engine runs self-contained "
                        + "netlists only; read netlist files with NetlistFile.read, which inlines .include and "
                        + ".lib FILE SECTION (section definitions belong in the library file)", List.of());
            }
            lineNumber++;
            start = end + 1;
        }
    }

    private static String lower(String text) {
        return text.stripLeading().toLowerCase(Locale.ROOT);
    }

    /** A {@code .include} or {@code .lib} line, parsed. */
    private record Directive(Kind kind, String path, String section) {
        enum Kind { INCLUDE, LIB_REFERENCE, LIB_DEFINITION, LIB_END }

        /** The directive on {@code line}, or null for any other line. */
        static Directive of(Line line) {
            String text = line.text().stripLeading();
            if (text.length() < 4 || text.charAt(0) != '.') {
                return null;
            }
            int headEnd = 0;
            while (headEnd < text.length() && !Character.isWhitespace(text.charAt(headEnd))) {
                headEnd++;
            }
            String head = text.substring(0, headEnd).toLowerCase(Locale.ROOT);
            if (head.startsWith(".endl")) {
                return new Directive(Kind.LIB_END, null, null);
            }
            boolean include = head.startsWith(".inc");
            if (!include && !head.startsWith(".lib")) {
                return null;
            }
            List<String> args = arguments(text.substring(headEnd), line);
            if (include) {
                if (args.isEmpty()) {
                    throw new InvalidInputException("netlist " + line.where() + " ('" + text.strip()
                            + "'): the file name is missing: write .include FILE");
                }
                return new Directive(Kind.INCLUDE, args.get(0), null);
            }
            return switch (args.size()) {
                case 0 -> throw new InvalidInputException("netlist " + line.where() + " ('" + text.strip() + "'): "
                        + "expected .lib FILE SECTION (or .lib SECTION ... .endl in a library file)");
                case 1 -> new Directive(Kind.LIB_DEFINITION, null, args.get(0));
                default -> new Directive(Kind.LIB_REFERENCE, args.get(0), args.get(1));
            };
        }

        /** Up to two arguments, each bare or in quotes; stops at an end-of-line comment ($ or ;). */
        private static List<String> arguments(String rest, Line line) {
            List<String> args = new ArrayList<>(2);
            int k = 0;
            while (args.size() < 2) {
                while (k < rest.length() && Character.isWhitespace(rest.charAt(k))) {
                    k++;
                }
                if (k == rest.length() || rest.charAt(k) == '$' || rest.charAt(k) == ';') {
                    break;
                }
                char c = rest.charAt(k);
                if (c == '"' || c == '\'') {
                    int close = rest.indexOf(c, k + 1);
                    if (close < 0) {
                        throw new InvalidInputException("netlist " + line.where() + " ('" + line.text().strip()
                                + "'): the quote " + c + " is not closed");
                    }
                    args.add(rest.substring(k + 1, close));
                    k = close + 1;
                } else {
                    int end = k;
                    while (end < rest.length() && !Character.isWhitespace(rest.charAt(end)) && rest.charAt(end) != '"'
                            && rest.charAt(end) != '\'') {
                        end++;
                    }
                    args.add(rest.substring(k, end));
                    k = end;
                }
            }
            return args;
        }
    }

    /** One open include or library section: the file (real path), the section or null, the line that opened it. */
    private record Step(Path real, String section, Line via) {
    }

    /** Reads files once each, counts the lines it emits against the size limit. */
    private static final class Reader {
        private final Map<Path, List<Line>> libraries = new HashMap<>();
        private final List<Path> searchPath;
        private long bytes;

        Reader(List<Path> searchPath) {
            this.searchPath = List.copyOf(searchPath);
        }

        /**
         * Appends the lines of {@code path} to {@code sink}, with its {@code .include}s inlined and, when
         * {@code expandLibraries}, its {@code .lib} references; {@code via} is the line that named it (null: the top).
         */
        void readFile(Path path, Line via, List<Line> sink, boolean expandLibraries, Deque<Step> chain) {
            String label = via == null ? "netlist file '" + path + "'"
                    : "file '" + path + "' (included by " + via.where() + ")";
            Path real = real(path, label, chain);
            for (Step open : chain) {
                if (open.section() == null && open.real().equals(real)) {
                    throw new InvalidInputException("include cycle: " + trace(chain, via) + ": " + path
                            + " is already being included: remove one of these lines");
                }
            }
            requireDepth(chain, label);
            String text = BoundedFiles.readNetlistText(path, label, BoundedFiles.NETLIST_LIMIT);
            String[] raw = text.split("\n", -1);
            int count = raw.length - (text.endsWith("\n") ? 1 : 0);
            chain.push(new Step(real, null, via == null ? new Line("", path, 0) : via));
            for (int i = 0; i < count; i++) {
                Line line = new Line(raw[i], path, i + 1);
                Directive d = Directive.of(line);
                if (d != null && d.kind() == Directive.Kind.INCLUDE) {
                    emit(sink, new Line(MARK + "begin " + line.text().strip() + " (" + line.where() + ")", path, 0));
                    readFile(resolve(d.path(), line), line, sink, expandLibraries, chain);
                    emit(sink, new Line(MARK + "end " + line.text().strip(), path, 0));
                } else if (d != null && d.kind() == Directive.Kind.LIB_REFERENCE && expandLibraries) {
                    section(d, line, sink, chain);
                } else if (d != null && expandLibraries) { // a section definition or .endl outside a library file
                    throw new InvalidInputException("netlist " + line.where() + " ('" + line.text().strip() + "'): "
                            + "library sections (.lib NAME ... .endl) belong in a library file, which the netlist "
                            + "names with .lib FILE NAME");
                } else if (via != null && isEnd(line.text())) {
                    emit(sink, new Line("*" + line.text(), path, line.number())); // ngspice ignores .end in included files
                } else {
                    emit(sink, line);
                }
            }
            chain.pop();
        }

        /** Appends section {@code d.section()} of library {@code d.path()}, its own {@code .lib} references expanded. */
        private void section(Directive d, Line via, List<Line> sink, Deque<Step> chain) {
            Path path = resolve(d.path(), via);
            String label = "library file '" + path + "' (named by " + via.where() + ")";
            Path real = real(path, label, chain);
            for (Step open : chain) {
                if (open.real().equals(real) && d.section().equalsIgnoreCase(open.section())) {
                    throw new InvalidInputException("library section cycle: " + trace(chain, via) + ": section "
                            + d.section() + " of " + path + " is already being inlined: remove one of these lines");
                }
            }
            requireDepth(chain, label);
            List<Line> library = libraries.get(real);
            if (library == null) {
                library = new ArrayList<>();
                readFile(path, via, library, false, new ArrayDeque<>()); // includes only, as ngspice reads a library
                libraries.put(real, library);
            }
            Iterator<Line> it = library.iterator();
            Line start = null;
            while (start == null && it.hasNext()) {
                Line line = it.next();
                Directive def = Directive.of(line);
                if (def != null && def.kind() == Directive.Kind.LIB_DEFINITION && def.section().equalsIgnoreCase(d.section())) {
                    start = line;
                }
            }
            if (start == null) {
                throw new InvalidInputException(label + " has no section '" + d.section() + "' (it defines: "
                        + sections(library) + "): check the section name in " + via.where());
            }
            chain.push(new Step(real, d.section(), via));
            emit(sink, new Line(MARK + "begin " + via.text().strip() + " (" + via.where() + "; section at "
                    + start.where() + ")", via.file(), 0));
            while (true) {
                if (!it.hasNext()) {
                    throw new InvalidInputException(label + ": section '" + d.section() + "' (" + start.where()
                            + ") has no .endl: end it with .endl");
                }
                Line line = it.next();
                Directive inner = Directive.of(line);
                if (inner != null && inner.kind() == Directive.Kind.LIB_END) {
                    break;
                }
                if (inner != null && inner.kind() == Directive.Kind.LIB_REFERENCE) {
                    section(inner, line, sink, chain);
                } else {
                    emit(sink, line);
                }
            }
            emit(sink, new Line(MARK + "end " + via.text().strip(), via.file(), 0));
            chain.pop();
        }

        private void emit(List<Line> sink, Line line) {
            bytes += line.text().length() + 1;
            if (bytes > BoundedFiles.NETLIST_LIMIT) {
                throw BoundedFiles.tooLarge("the netlist with the files it includes", "it grew past the limit while "
                        + line.file() + " was inlined", BoundedFiles.NETLIST_LIMIT);
            }
            sink.add(line);
        }

        private static void requireDepth(Deque<Step> chain, String label) {
            if (chain.size() >= MAX_DEPTH) {
                throw new InvalidInputException(label + ": includes and library sections are nested deeper than "
                        + MAX_DEPTH + " levels (" + trace(chain, null) + "): flatten the nesting");
            }
        }

        private Path real(Path path, String label, Deque<Step> chain) {
            try {
                return path.toRealPath();
            } catch (NoSuchFileException e) {
                throw new InvalidInputException(label + " does not exist (looked for " + path.toAbsolutePath().normalize()
                        + (chain.isEmpty() || searchPath.isEmpty() ? "" : " and in the search folders " + searchPath) + ")"
                        + (trace(chain, null).isEmpty() ? "" : "; include chain: " + trace(chain, null)) + ": check the path", e);
            } catch (IOException e) {
                throw new InvalidInputException(label + " cannot be read (" + e.getMessage() + ")", e);
            }
        }

        /**
         * {@code name} as written on {@code line}, resolved against the folder of the line's file, else against the
         * first search folder that holds it; the first if none does (the caller reports it missing).
         */
        private Path resolve(String name, Line line) {
            try {
                if (name.startsWith("~/")) {
                    return Path.of(System.getProperty("user.home"), name.substring(2));
                }
                Path p = Path.of(name);
                Path folder = line.file().getParent(); // null: the working directory, which holds the file
                if (p.isAbsolute() || folder == null) {
                    return p;
                }
                Path beside = folder.resolve(p);
                if (!Files.exists(beside)) {
                    for (Path dir : searchPath) {
                        if (Files.exists(dir.resolve(p))) {
                            return dir.resolve(p);
                        }
                    }
                }
                return beside;
            } catch (InvalidPathException e) {
                throw new InvalidInputException("netlist " + line.where() + ": '" + name + "' is not a valid path", e);
            }
        }

        private static boolean isEnd(String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            return t.equals(".end") || t.startsWith(".end ") || t.startsWith(".end\t");
        }

        private static String sections(List<Line> library) {
            String names = library.stream().map(Directive::of)
                    .filter(d -> d != null && d.kind() == Directive.Kind.LIB_DEFINITION)
                    .map(Directive::section).collect(Collectors.joining(", "));
            return names.isEmpty() ? "no sections" : names;
        }

        /** The lines that opened the open includes and sections, outermost first, then {@code next} if not null. */
        private static String trace(Deque<Step> chain, Line next) {
            List<String> steps = new ArrayList<>();
            chain.descendingIterator().forEachRemaining(step -> {
                if (step.via().number() > 0) {
                    steps.add(describe(step.via()));
                }
            });
            if (next != null) {
                steps.add(describe(next));
            }
            return String.join(" -> ", steps);
        }

        private static String describe(Line line) {
            return line.where() + " ('" + line.text().strip() + "')";
        }
    }
}
