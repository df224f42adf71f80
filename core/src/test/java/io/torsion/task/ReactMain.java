package io.torsion.task;

import io.torsion.defer.Deferred;
import io.torsion.internet.SelectorReactor;
import java.io.IOException;

/**
 * A child program for {@link TasksReactTest}: runs {@link Tasks#react(Tasks.MainFunction)} on the
 * default reactor, with a main function chosen by the first argument ({@code succeed},
 * {@code fail}, or {@code exit CODE}), so that the test can check the JVM's exit status.
 */
public final class ReactMain {
    private ReactMain() {
    }

    /**
     * Runs the program.
     *
     * @param args {@code succeed}, {@code fail} or {@code exit CODE}
     */
    public static void main(String[] args) {
        Tasks.react(reactor -> {
            System.out.println("default reactor: " + (reactor == SelectorReactor.getDefault()));
            System.out.flush();
            return switch (args[0]) {
                case "succeed" -> Tasks.deferLater(reactor, 0.01, () -> "done");
                case "fail" -> Tasks.deferLater(reactor, 0.01, () -> {
                    throw new IOException("the child's main failed");
                });
                case "exit" -> Deferred.fail(new SystemExit(Integer.parseInt(args[1])));
                default -> throw new IllegalArgumentException(args[0]);
            };
        });
        throw new AssertionError("react returned instead of exiting");
    }
}
