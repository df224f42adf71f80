package io.torsion.web.client;

import io.torsion.defer.Deferred;
import io.torsion.internet.DelayedCall;
import io.torsion.internet.ReactorTime;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keeps idle HTTP connections open for reuse by later requests to the same scheme, host and port
 * (Twisted's {@code HTTPConnectionPool}).
 *
 * <p>A non-persistent pool (the default of {@link HttpAgent}) closes every connection after its
 * response. A persistent pool keeps at most {@link #maxPersistentPerHost()} idle connections per
 * host, each closed after {@link #cachedConnectionTimeout()} unused; busy connections are not
 * limited. With {@link #retryAutomatically()}, an idempotent request without body that fails
 * because a reused connection turned out to be closed by the server is retried once on a new one.
 *
 * <p>Threading: reactor thread only.
 */
public class HttpConnectionPool {
    /** The default for {@link #maxPersistentPerHost()}, as Twisted's. */
    public static final int DEFAULT_MAX_PERSISTENT_PER_HOST = 2;
    /** The default for {@link #cachedConnectionTimeout()}, as Twisted's 240 s. */
    public static final Duration DEFAULT_CACHED_CONNECTION_TIMEOUT = Duration.ofSeconds(240);

    record Key(String scheme, String host, int port) {
    }

    private record Idle(HttpClientProtocol protocol, DelayedCall expiry) {
    }

    private final ReactorTime clock;
    private final boolean persistent;
    private int maxPersistentPerHost = DEFAULT_MAX_PERSISTENT_PER_HOST;
    private Duration cachedConnectionTimeout = DEFAULT_CACHED_CONNECTION_TIMEOUT;
    private boolean retryAutomatically = true;
    private final Map<Key, Deque<Idle>> idle = new HashMap<>();

    /**
     * Creates a pool.
     *
     * @param clock schedules the idle timeouts
     * @param persistent whether connections are kept for reuse at all
     */
    public HttpConnectionPool(ReactorTime clock, boolean persistent) {
        this.clock = clock;
        this.persistent = persistent;
    }

    /**
     * Returns whether connections are kept for reuse.
     *
     * @return true for a persistent pool
     */
    public boolean isPersistent() {
        return persistent;
    }

    /**
     * Returns how many idle connections are kept per host.
     *
     * @return the limit
     */
    public int maxPersistentPerHost() {
        return maxPersistentPerHost;
    }

    /**
     * Sets how many idle connections are kept per host; surplus ones are closed.
     *
     * @param limit at least 0
     * @throws IllegalArgumentException if negative
     */
    public void setMaxPersistentPerHost(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("negative limit " + limit);
        }
        maxPersistentPerHost = limit;
    }

    /**
     * Returns how long an idle connection is kept.
     *
     * @return the idle timeout
     */
    public Duration cachedConnectionTimeout() {
        return cachedConnectionTimeout;
    }

    /**
     * Sets how long an idle connection is kept before it is closed.
     *
     * @param timeout positive
     * @throws IllegalArgumentException if not positive
     */
    public void setCachedConnectionTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive: " + timeout);
        }
        cachedConnectionTimeout = timeout;
    }

    /**
     * Returns whether idempotent requests are retried once after a stale reused connection.
     *
     * @return true by default
     */
    public boolean retryAutomatically() {
        return retryAutomatically;
    }

    /**
     * Sets whether idempotent requests are retried once after a stale reused connection.
     *
     * @param retry the new setting
     */
    public void setRetryAutomatically(boolean retry) {
        retryAutomatically = retry;
    }

    /**
     * Returns how many idle connections the pool holds for all hosts.
     *
     * @return the count
     */
    public int idleConnectionCount() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    /**
     * Closes every idle connection (Twisted's {@code closeCachedConnections}).
     *
     * @return fires with null when they have all closed; never fails
     */
    public Deferred<Void> closeCachedConnections() {
        List<HttpClientProtocol> all = new ArrayList<>();
        for (Deque<Idle> q : idle.values()) {
            for (Idle i : q) {
                if (i.expiry().active()) {
                    i.expiry().cancel();
                }
                all.add(i.protocol());
            }
        }
        idle.clear();
        Deferred<Void> done = new Deferred<>();
        int[] left = {all.size()};
        if (all.isEmpty()) {
            done.callback(null);
        }
        for (HttpClientProtocol p : all) {
            p.setOwner(new HttpClientProtocol.Owner() {
                @Override
                public void reusable(HttpClientProtocol protocol) {
                }

                @Override
                public void closed(HttpClientProtocol protocol) {
                    if (--left[0] == 0) {
                        done.callback(null);
                    }
                }
            });
            p.transport().loseConnection();
        }
        return done;
    }

    /** An idle connection for {@code key}, or a new one from {@code connect}. */
    Deferred<HttpClientProtocol> getConnection(Key key, Supplier<Deferred<HttpClientProtocol>> connect) {
        Deque<Idle> q = idle.get(key);
        while (q != null && !q.isEmpty()) {
            Idle i = q.pollLast();
            if (i.expiry().active()) {
                    i.expiry().cancel();
                }
            if (i.protocol().state() == HttpClientProtocol.State.IDLE && i.protocol().isConnected()) {
                i.protocol().setOwner(ownerFor(key));
                return Deferred.succeed(i.protocol());
            }
        }
        return newConnection(key, connect);
    }

    /** A new connection for {@code key} from {@code connect}, never an idle one. */
    Deferred<HttpClientProtocol> newConnection(Key key, Supplier<Deferred<HttpClientProtocol>> connect) {
        return connect.get().addCallback(p -> {
            p.setOwner(ownerFor(key));
            return p;
        });
    }

    private HttpClientProtocol.Owner ownerFor(Key key) {
        return new HttpClientProtocol.Owner() {
            @Override
            public void reusable(HttpClientProtocol protocol) {
                Deque<Idle> q = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
                if (!persistent || q.size() >= maxPersistentPerHost) {
                    protocol.transport().loseConnection();
                    return;
                }
                DelayedCall expiry = clock.callLater(cachedConnectionTimeout, () -> {
                    removeIdle(key, protocol);
                    protocol.transport().loseConnection();
                });
                q.addLast(new Idle(protocol, expiry));
            }

            @Override
            public void closed(HttpClientProtocol protocol) {
                removeIdle(key, protocol);
            }
        };
    }

    private void removeIdle(Key key, HttpClientProtocol protocol) {
        Deque<Idle> q = idle.get(key);
        if (q == null) {
            return;
        }
        q.removeIf(i -> {
            if (i.protocol() == protocol) {
                if (i.expiry().active()) {
                    i.expiry().cancel();
                }
                return true;
            }
            return false;
        });
        if (q.isEmpty()) {
            idle.remove(key);
        }
    }
}
