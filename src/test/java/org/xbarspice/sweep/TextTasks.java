package org.xbarspice.sweep;

/** Test tasks whose outcome is a text, sent between JVMs as it is. */
interface TextTasks extends PointTasks<String> {
    @Override
    default String encode(String outcome) {
        return outcome;
    }

    @Override
    default String decode(int index, String text) {
        return text;
    }

    @Override
    default String failed(int index, String failure) {
        return "point " + index + " failed: " + failure;
    }
}
