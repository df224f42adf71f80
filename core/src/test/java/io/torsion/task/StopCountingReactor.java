package io.torsion.task;

import io.torsion.internet.Reactor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * A reactor that hands every call to a real one and counts the calls to {@code stop()}. A dynamic
 * proxy, so that it keeps up as {@link Reactor} gains capabilities.
 */
final class StopCountingReactor {
    private final Reactor reactor;
    private int stops;

    StopCountingReactor(Reactor delegate) {
        reactor = (Reactor) Proxy.newProxyInstance(Reactor.class.getClassLoader(), new Class<?>[] {Reactor.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("stop") && method.getParameterCount() == 0) {
                        stops++;
                    }
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "StopCountingReactor(" + delegate + ")";
                        };
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The counting reactor to hand to the code under test. */
    Reactor reactor() {
        return reactor;
    }

    int stopCalls() {
        return stops;
    }
}
