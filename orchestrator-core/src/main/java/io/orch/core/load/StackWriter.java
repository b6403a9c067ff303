package io.orch.core.load;
import io.orch.core.model.Stack;
public final class StackWriter { private StackWriter() {} public static String toYaml(Stack s) { return s.toString() + "\n"; } }
