package io.torsion.defer;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Objects;

/**
 * An error travelling down a {@link Deferred}'s errback chain: an immutable wrapper around one
 * {@link Throwable} (Twisted's {@code twisted.python.failure.Failure}).
 *
 * <p>An errback decides what to do with a failure by its type:
 * <pre>{@code
 * d.addErrback(f -> {
 *     f.trap(ConnectionRefusedException.class);   // anything else goes on down the errback path
 *     return fallbackValue;                         // this one is handled
 * });
 * }</pre>
 *
 * <p>Threading: immutable; safe to share between threads (the wrapped Throwable is not copied).
 */
public final class Failure {
    private final Throwable value;

    /**
     * Wraps a throwable.
     *
     * @param value the error; never null
     * @throws NullPointerException if {@code value} is null
     */
    public Failure(Throwable value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /**
     * Returns the wrapped error (Twisted's {@code failure.value}).
     *
     * @return the error, never null
     */
    public Throwable value() {
        return value;
    }

    /**
     * Returns the class of the wrapped error (Twisted's {@code failure.type}).
     *
     * @return the error's class
     */
    public Class<? extends Throwable> type() {
        return value.getClass();
    }

    /**
     * Tells whether the wrapped error is an instance of any of the given types (Twisted's
     * {@code failure.check}).
     *
     * @param types the types to test, in order
     * @return true if the error is an instance of one of them
     */
    @SafeVarargs
    public final boolean check(Class<? extends Throwable>... types) {
        return firstMatch(types) != null;
    }

    /**
     * Returns the first of the given types the wrapped error is an instance of, or rethrows the
     * error itself when it matches none (Twisted's {@code failure.trap}). Used at the top of an
     * errback to handle some errors and let the others continue down the errback path.
     *
     * @param types the types the caller handles
     * @return the first matching type
     * @throws Exception the wrapped error, unchanged, when no type matches; an {@link Error} is
     *     thrown as itself, and a throwable that is neither an Exception nor an Error is wrapped in
     *     an {@link UndeclaredThrowableException}
     */
    @SafeVarargs
    public final Class<? extends Throwable> trap(Class<? extends Throwable>... types) throws Exception {
        Class<? extends Throwable> match = firstMatch(types);
        if (match == null) {
            throw raiseException();
        }
        return match;
    }

    /**
     * Throws the wrapped error (Twisted's {@code failure.raiseException}). Declared to return an
     * exception so that callers can write {@code throw failure.raiseException();} and the compiler
     * sees the branch end.
     *
     * @return never returns normally
     * @throws Exception the wrapped error, as {@link #trap} describes
     */
    public Exception raiseException() throws Exception {
        if (value instanceof Exception e) {
            throw e;
        }
        if (value instanceof Error e) {
            throw e;
        }
        throw new UndeclaredThrowableException(value);
    }

    /**
     * Returns a short description of the error: its class name and message (Twisted's
     * {@code getErrorMessage} shows the message alone; the class name makes a log line useful).
     *
     * @return the error's class simple name, and its message if it has one
     */
    public String getErrorMessage() {
        String message = value.getMessage();
        String name = value.getClass().getName();
        return message == null ? name : name + ": " + message;
    }

    /**
     * Returns the full stack trace of the wrapped error, causes and suppressed errors included
     * (Twisted's {@code getTraceback}).
     *
     * @return the printed stack trace
     */
    public String getTraceback() {
        StringWriter out = new StringWriter();
        value.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /**
     * Returns a readable form: the error message followed by the original stack trace.
     *
     * @return {@code [Failure: <type>: <message>]} and the stack
     */
    @Override
    public String toString() {
        return "[Failure: " + getErrorMessage() + "]\n" + getTraceback();
    }

    private Class<? extends Throwable> firstMatch(Class<? extends Throwable>[] types) {
        for (Class<? extends Throwable> type : types) {
            if (type.isInstance(value)) {
                return type;
            }
        }
        return null;
    }

}
