/*
 * pingpong: a lean echo load generator for bench/run's echo-pingpong row.
 *
 * Opens CONNS connections to 127.0.0.1:PORT, sends one SIZE-byte message on each, and sends the
 * next only when the whole echo of the previous one is back. Runs one epoll loop on one thread
 * for WARMUP seconds (not counted) and then SECONDS seconds, and prints one line:
 *
 *   msgs_per_s=N p50_us=N p99_us=N msgs=N errors=N
 *
 * Latency is from the send of a message to the arrival of its last echoed byte. Usage:
 *   pingpong PORT [CONNS=64] [SIZE=64] [SECONDS=5] [WARMUP=1]
 * Exits with status 1 if it cannot connect, and stops early (status 2) if the server closes
 * every connection.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 4096
#define MAX_SIZE 65536
#define HIST_US 1000000 /* latencies in 1 us buckets up to 1 s; beyond counts in the last */

struct conn {
    int fd;
    int got;      /* echoed bytes of the current message received so far */
    int sent;     /* bytes of the current message written so far */
    int64_t start_ns;
    int alive;
};

static uint32_t hist[HIST_US + 1];

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int percentile(uint64_t total, double p) {
    uint64_t want = (uint64_t)(total * p);
    if (want == 0) want = 1;
    uint64_t seen = 0;
    for (int i = 0; i <= HIST_US; i++) {
        seen += hist[i];
        if (seen >= want) return i;
    }
    return HIST_US;
}

static char msg[MAX_SIZE];
static char buf[MAX_SIZE];

static int send_rest(struct conn *c, int size) {
    while (c->sent < size) {
        ssize_t n = send(c->fd, msg + c->sent, size - c->sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN) return 0; /* rare with 64 bytes; the loop retries on the next read */
            return -1;
        }
        c->sent += (int)n;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: pingpong PORT [CONNS] [SIZE] [SECONDS] [WARMUP]\n");
        return 64;
    }
    int port = atoi(argv[1]);
    int nconns = argc > 2 ? atoi(argv[2]) : 64;
    int size = argc > 3 ? atoi(argv[3]) : 64;
    double seconds = argc > 4 ? atof(argv[4]) : 5;
    double warmup = argc > 5 ? atof(argv[5]) : 1;
    if (nconns < 1 || nconns > MAX_CONNS || size < 1 || size > MAX_SIZE || seconds <= 0) {
        fprintf(stderr, "pingpong: bad arguments\n");
        return 64;
    }
    memset(msg, 'x', sizeof msg);

    int ep = epoll_create1(0);
    static struct conn conns[MAX_CONNS];
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    for (int i = 0; i < nconns; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
            perror("pingpong: connect");
            return 1;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        conns[i] = (struct conn){.fd = fd, .alive = 1};
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    }

    int64_t t0 = now_ns();
    int64_t measure_from = t0 + (int64_t)(warmup * 1e9);
    int64_t end = measure_from + (int64_t)(seconds * 1e9);
    for (int i = 0; i < nconns; i++) {
        conns[i].start_ns = now_ns();
        if (send_rest(&conns[i], size) < 0) { conns[i].alive = 0; }
    }

    uint64_t count = 0, errors = 0;
    int alive = nconns;
    struct epoll_event events[256];
    int64_t t = now_ns();
    while (t < end && alive > 0) {
        int timeout_ms = (int)((end - t) / 1000000) + 1;
        int n = epoll_wait(ep, events, 256, timeout_ms);
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("pingpong: epoll_wait");
            return 1;
        }
        for (int k = 0; k < n; k++) {
            struct conn *c = &conns[events[k].data.u32];
            if (!c->alive) continue;
            ssize_t r = recv(c->fd, buf, sizeof buf, 0);
            if (r <= 0) {
                if (r < 0 && errno == EAGAIN) continue;
                c->alive = 0;
                alive--;
                errors++;
                epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                continue;
            }
            c->got += (int)r;
            if (c->sent < size && send_rest(c, size) < 0) { c->alive = 0; alive--; errors++; continue; }
            if (c->got >= size) {
                int64_t done = now_ns();
                if (done >= measure_from && done < end) {
                    int64_t us = (done - c->start_ns) / 1000;
                    hist[us > HIST_US ? HIST_US : us]++;
                    count++;
                }
                c->got -= size; /* an echo server never sends more than it was sent */
                c->sent = 0;
                c->start_ns = done;
                if (send_rest(c, size) < 0) { c->alive = 0; alive--; errors++; }
            }
        }
        t = now_ns();
    }
    double measured = (double)((t < end ? t : end) - measure_from) / 1e9;
    if (measured <= 0) measured = seconds;
    printf("msgs_per_s=%.0f p50_us=%d p99_us=%d msgs=%llu errors=%llu\n", count / measured,
           count ? percentile(count, 0.50) : 0, count ? percentile(count, 0.99) : 0,
           (unsigned long long)count, (unsigned long long)errors);
    for (int i = 0; i < nconns; i++) close(conns[i].fd);
    return alive > 0 ? 0 : 2;
}
