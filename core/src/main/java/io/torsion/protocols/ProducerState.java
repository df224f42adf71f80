package io.torsion.protocols;

/**
 * Whether a receiver delivers what it has buffered: the state behind Twisted's
 * {@code _PauseableMixin.paused}.
 *
 * <p>Threading: immutable.
 */
enum ProducerState {
    PRODUCING,
    PAUSED,
    STOPPED;

    ProducerState resume() {
        if (this == STOPPED) {
            throw new IllegalStateException("cannot resume a receiver in state " + this);
        }
        return PRODUCING;
    }
}
