/*
 * idle: the client of bench/run's connections row: how fast an echo server takes on many
 * connections, and lets the script measure what each idle connection costs the server.
 *
 * Opens CONNS connections to 127.0.0.1:PORT, sends 1 byte on each as soon as it is connected,
 * and waits until every connection has its byte echoed back. At most WINDOW connections are
 * between connect() and their echo at any moment: with more, a server whose listen backlog is
 * small (Twisted's and Torsion's default is 50) overflows its accept queue, and the kernel's 1 s
 * SYN retransmission would be measured instead of the server. One epoll loop, one thread,
 * non-blocking sockets. It raises its own open-file limit (setrlimit) to CONNS + 64, up to the
 * hard limit. When all are echoed (or on failure or after TIMEOUT seconds) it prints one line:
 *
 *   accept_all_ms=N.N conns=N errors=N
 *
 * accept_all_ms is from the first connect() to the last echoed byte; errors counts connections
 * that failed (refused, reset, closed, wrong byte) or were not echoed within TIMEOUT. Then it
 * holds every connection open, idle, for HOLD seconds or until SIGTERM/SIGINT, so that the
 * script can read the server's memory, and closes them with a reset (SO_LINGER 0, so that no
 * TIME_WAIT entries pile up across runs). Usage:
 *   idle PORT [CONNS=10000] [WINDOW=32] [TIMEOUT=60] [HOLD=60]
 * Exit status: 0 when every connection was echoed, 1 on a setup failure, 2 otherwise.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 100000

enum state { IDLE_NEW, IDLE_CONNECTING, IDLE_WAITING, IDLE_ECHOED, IDLE_FAILED };

static volatile sig_atomic_t stop;

static void on_signal(int sig) {
    (void)sig;
    stop = 1;
}

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: idle PORT [CONNS] [WINDOW] [TIMEOUT] [HOLD]\n");
        return 64;
    }
    int port = atoi(argv[1]);
    int nconns = argc > 2 ? atoi(argv[2]) : 10000;
    int window = argc > 3 ? atoi(argv[3]) : 32;
    double timeout = argc > 4 ? atof(argv[4]) : 60;
    double hold = argc > 5 ? atof(argv[5]) : 60;
    if (nconns < 1 || nconns > MAX_CONNS || window < 1 || timeout <= 0 || hold < 0) {
        fprintf(stderr, "idle: bad arguments\n");
        return 64;
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)nconns + 64) {
        rlim_t want = (rlim_t)nconns + 64;
        if (rl.rlim_max < want) rl.rlim_max = want; /* raising the hard limit needs privilege */
        rl.rlim_cur = want;
        if (setrlimit(RLIMIT_NOFILE, &rl) < 0) {
            getrlimit(RLIMIT_NOFILE, &rl);
            rl.rlim_cur = rl.rlim_max;
            setrlimit(RLIMIT_NOFILE, &rl);
            getrlimit(RLIMIT_NOFILE, &rl);
            if (rl.rlim_cur < want) {
                fprintf(stderr, "idle: needs %llu open files, the hard limit is %llu\n",
                        (unsigned long long)want, (unsigned long long)rl.rlim_max);
                return 1;
            }
        }
    }
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);

    int *fds = calloc((size_t)nconns, sizeof *fds);
    unsigned char *state = calloc((size_t)nconns, 1);
    int ep = epoll_create1(0);
    if (fds == NULL || state == NULL || ep < 0) { perror("idle: setup"); return 1; }
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);

    int64_t t0 = now_ns();
    int64_t deadline = t0 + (int64_t)(timeout * 1e9);
    int next = 0, open_now = 0, done = 0, errors = 0;
    struct epoll_event events[256];
    while (done < nconns && !stop) {
        while (next < nconns && open_now < window) {
            int i = next++;
            int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
            if (fd < 0) { perror("idle: socket"); return 1; }
            fds[i] = fd;
            open_now++;
            if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0 && errno != EINPROGRESS) {
                state[i] = IDLE_FAILED; open_now--; done++; errors++;
                continue;
            }
            state[i] = IDLE_CONNECTING;
            struct epoll_event ev = {.events = EPOLLOUT, .data.u32 = (uint32_t)i};
            epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
        }
        int64_t t = now_ns();
        if (t >= deadline) break;
        int n = epoll_wait(ep, events, 256, (int)((deadline - t) / 1000000) + 1);
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("idle: epoll_wait");
            return 1;
        }
        for (int k = 0; k < n; k++) {
            int i = (int)events[k].data.u32;
            int fd = fds[i];
            int failed = 0;
            if (state[i] == IDLE_CONNECTING) {
                int err = 0;
                socklen_t len = sizeof err;
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
                if (err != 0 || send(fd, "x", 1, MSG_NOSIGNAL) != 1) {
                    failed = 1;
                } else {
                    state[i] = IDLE_WAITING;
                    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
                    epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
                }
            } else if (state[i] == IDLE_WAITING) {
                char b;
                ssize_t r = recv(fd, &b, 1, 0);
                if (r < 0 && errno == EAGAIN) continue;
                if (r == 1 && b == 'x') {
                    state[i] = IDLE_ECHOED;
                    epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
                    open_now--; done++;
                } else {
                    failed = 1;
                }
            }
            if (failed) {
                state[i] = IDLE_FAILED;
                epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
                open_now--; done++; errors++;
            }
        }
    }
    int64_t t1 = now_ns();
    errors += nconns - done; /* not connected or not echoed in time */
    printf("accept_all_ms=%.1f conns=%d errors=%d\n", (t1 - t0) / 1e6, nconns - errors, errors);
    fflush(stdout);

    int64_t hold_until = now_ns() + (int64_t)(hold * 1e9);
    while (!stop && now_ns() < hold_until) {
        struct timespec ts = {0, 50 * 1000000};
        nanosleep(&ts, NULL);
    }
    struct linger lg = {.l_onoff = 1, .l_linger = 0};
    for (int i = 0; i < next; i++) {
        setsockopt(fds[i], SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        close(fds[i]);
    }
    return errors == 0 ? 0 : 2;
}
