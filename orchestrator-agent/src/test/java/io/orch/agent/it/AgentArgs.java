package io.orch.agent.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** More {@code orch agent} options for the agent an {@link AgentItBase} class starts, e.g. a shorter period. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface AgentArgs {
  String[] value();
}
