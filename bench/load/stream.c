/*
 * stream: a lean echo load generator for bench/run's echo-stream row (bulk throughput).
 *
 * Opens CONNS connections to 127.0.0.1:PORT. On each, it keeps writing CHUNK-byte writes (one
 * send() of up to CHUNK bytes each) while reading the echo back, with at most INFLIGHT bytes
 * written but not yet echoed back per connection: the writer waits for the echo beyond that, so
 * the figure is what the echo server moves, not what the kernel's socket buffers can absorb.
 * Runs one level-triggered epoll loop on one thread for WARMUP seconds (not counted) and then
 * SECONDS seconds, and prints one line:
 *
 *   mb_per_s=N.N bytes=N errors=N
 *
 * mb_per_s is echoed bytes received back during the measured seconds, in 10^6 bytes per second
 * (every connection together). The byte stream of each connection is a fixed pseudo-random
 * pattern with a period of 65521 bytes (a prime, so it never lines up with CHUNK), and every
 * echoed byte is compared with what was sent at that offset: errors counts connections whose
 * echo differed from what was sent, or that the server closed or reset. Usage:
 *   stream PORT [CONNS=8] [CHUNK=16384] [SECONDS=5] [WARMUP=1] [INFLIGHT=262144]
 * Exits with status 1 on a setup failure (socket, connect or epoll_wait fails at once), and
 * stops early with status 2 when every connection has failed (refused, closed, reset, or a wrong
 * echo; each also counts in errors).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 1024
#define MAX_CHUNK (1 << 20)
#define PERIOD 65521 /* pattern period in bytes: a prime */
#define READ_SIZE (256 * 1024)

struct conn {
    int fd;
    int alive;
    int want_out;  /* EPOLLOUT is registered: the last send() met a full socket buffer */
    uint64_t sent; /* bytes written so far */
    uint64_t got;  /* echoed bytes received and checked so far */
};

/* The pattern, repeated so that any window of up to MAX_CHUNK bytes from any offset is contiguous. */
static unsigned char pattern[PERIOD + MAX_CHUNK];
static unsigned char buf[READ_SIZE];

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Compares n received bytes with the pattern from stream offset off: 0 when they match. */
static int check(const unsigned char *p, size_t n, uint64_t off) {
    while (n > 0) {
        size_t at = (size_t)(off % PERIOD);
        size_t k = n < (size_t)(PERIOD - at) ? n : (size_t)(PERIOD - at);
        if (memcmp(p, pattern + at, k) != 0) return -1;
        p += k;
        n -= k;
        off += k;
    }
    return 0;
}

static void set_out(int ep, struct conn *c, uint32_t idx, int on) {
    if (c->want_out == on) return;
    struct epoll_event ev = {.events = EPOLLIN | (on ? EPOLLOUT : 0), .data.u32 = idx};
    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
    c->want_out = on;
}

/* Writes CHUNK-byte pieces while the in-flight bound allows; 0, or -1 when the connection failed. */
static int pump_out(int ep, struct conn *c, uint32_t idx, int chunk, uint64_t inflight) {
    for (;;) {
        uint64_t room = inflight - (c->sent - c->got); /* sent - got never exceeds inflight */
        if (room == 0) { set_out(ep, c, idx, 0); return 0; }
        size_t len = room < (uint64_t)chunk ? (size_t)room : (size_t)chunk;
        ssize_t n = send(c->fd, pattern + c->sent % PERIOD, len, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN) { set_out(ep, c, idx, 1); return 0; }
            return -1;
        }
        c->sent += (uint64_t)n;
    }
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: stream PORT [CONNS] [CHUNK] [SECONDS] [WARMUP] [INFLIGHT]\n");
        return 64;
    }
    int port = atoi(argv[1]);
    int nconns = argc > 2 ? atoi(argv[2]) : 8;
    int chunk = argc > 3 ? atoi(argv[3]) : 16384;
    double seconds = argc > 4 ? atof(argv[4]) : 5;
    double warmup = argc > 5 ? atof(argv[5]) : 1;
    long long inflight_arg = argc > 6 ? atoll(argv[6]) : 262144;
    if (nconns < 1 || nconns > MAX_CONNS || chunk < 1 || chunk > MAX_CHUNK || seconds <= 0 || warmup < 0
            || inflight_arg < chunk) {
        fprintf(stderr, "stream: bad arguments\n");
        return 64;
    }
    uint64_t inflight = (uint64_t)inflight_arg;
    uint32_t x = 2463534242u; /* xorshift32: any fixed non-zero seed */
    for (int i = 0; i < PERIOD; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        pattern[i] = (unsigned char)(x >> 24);
    }
    for (int i = PERIOD; i < PERIOD + MAX_CHUNK; i++) pattern[i] = pattern[i - PERIOD];

    int ep = epoll_create1(0);
    static struct conn conns[MAX_CONNS];
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    for (int i = 0; i < nconns; i++) {
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        if (fd < 0) { perror("stream: socket"); return 1; }
        if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0 && errno != EINPROGRESS) {
            perror("stream: connect");
            return 1;
        }
        conns[i] = (struct conn){.fd = fd, .alive = 1, .want_out = 1};
        /* EPOLLOUT first: it reports the end of the non-blocking connect. */
        struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.u32 = (uint32_t)i};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    }

    int64_t t0 = now_ns();
    int64_t measure_from = t0 + (int64_t)(warmup * 1e9);
    int64_t end = measure_from + (int64_t)(seconds * 1e9);
    uint64_t counted = 0, errors = 0;
    int alive = nconns;
    struct epoll_event events[MAX_CONNS];
    int64_t t = now_ns();
    while (t < end && alive > 0) {
        int timeout_ms = (int)((end - t) / 1000000) + 1;
        int n = epoll_wait(ep, events, MAX_CONNS, timeout_ms);
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("stream: epoll_wait");
            return 1;
        }
        t = now_ns();
        int counting = t >= measure_from && t < end;
        for (int k = 0; k < n; k++) {
            uint32_t idx = events[k].data.u32;
            struct conn *c = &conns[idx];
            if (!c->alive) continue;
            int failed = (events[k].events & (EPOLLERR | EPOLLHUP)) != 0 && !(events[k].events & EPOLLIN);
            if (!failed && (events[k].events & EPOLLIN)) {
                ssize_t r = recv(c->fd, buf, sizeof buf, 0);
                if (r == 0 || (r < 0 && errno != EAGAIN)) {
                    failed = 1;
                } else if (r > 0) {
                    /* An echo server never sends more than it was sent. */
                    if ((uint64_t)r > c->sent - c->got || check(buf, (size_t)r, c->got) != 0) {
                        fprintf(stderr, "stream: connection %u: wrong echo at byte %llu\n", idx,
                                (unsigned long long)c->got);
                        failed = 1;
                    } else {
                        c->got += (uint64_t)r;
                        if (counting) counted += (uint64_t)r;
                    }
                }
            }
            if (!failed && pump_out(ep, c, idx, chunk, inflight) < 0) failed = 1;
            if (failed) {
                c->alive = 0;
                alive--;
                errors++;
                epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
            }
        }
    }
    double measured = (double)((t < end ? t : end) - measure_from) / 1e9;
    if (measured <= 0) measured = seconds;
    printf("mb_per_s=%.1f bytes=%llu errors=%llu\n", counted / measured / 1e6, (unsigned long long)counted,
           (unsigned long long)errors);
    for (int i = 0; i < nconns; i++) close(conns[i].fd);
    return alive > 0 ? 0 : 2;
}
