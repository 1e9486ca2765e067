/* libslsim_shim.so: the "control" determinism tier (docs/other-languages.md). Preloaded
 * (LD_PRELOAD) into a handler process, it serves the process's clocks from slsim's virtual
 * clock, its random bytes from the case seed, and turns its sleeps and idle timed waits into
 * virtual time. It interposes on the libc wrappers only: statically linked programs, Go's
 * runtime and raw `syscall` instructions are out of its reach.
 *
 * Without the variables of shim_page.h (a process slsim did not start) every call passes
 * through unchanged. */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "shim_page.h"

#define EXPORT __attribute__((visibility("default")))

/* ---- the real functions ------------------------------------------------------------- */

static int (*real_clock_gettime)(clockid_t, struct timespec*);
static int (*real_gettimeofday)(struct timeval*, void*);
static int (*real_nanosleep)(const struct timespec*, struct timespec*);
static int (*real_clock_nanosleep)(clockid_t, int, const struct timespec*, struct timespec*);
static int (*real_epoll_wait)(int, struct epoll_event*, int, int);
static int (*real_epoll_pwait)(int, struct epoll_event*, int, int, const sigset_t*);
static int (*real_poll)(struct pollfd*, nfds_t, int);
static int (*real_ppoll)(struct pollfd*, nfds_t, const struct timespec*, const sigset_t*);
static int (*real_select)(int, fd_set*, fd_set*, fd_set*, struct timeval*);
static int (*real_pselect)(int, fd_set*, fd_set*, fd_set*, const struct timespec*, const sigset_t*);
static long (*real_syscall)(long, ...);
static int (*real_open)(const char*, int, ...);
static int (*real_openat)(int, const char*, int, ...);
static FILE* (*real_fopen)(const char*, const char*);
static ssize_t (*real_read)(int, void*, size_t);
static ssize_t (*real_write)(int, const void*, size_t);
static ssize_t (*real_writev)(int, const struct iovec*, int);
static ssize_t (*real_send)(int, const void*, size_t, int);
static ssize_t (*real_sendto)(int, const void*, size_t, int, const struct sockaddr*, socklen_t);
static ssize_t (*real_sendmsg)(int, const struct msghdr*, int);
static int (*real_close)(int);

static struct slsim_shim_page* page; /* NULL: pass everything through */
static uint64_t mix(uint64_t z);
static uint64_t other_threads_state;
static int idle_fd = -1, ack_fd = -1;
static uint64_t rng_state;
static uint64_t idle_sequence;
static int resolved;

#define RESOLVE(name) real_##name = (__typeof__(real_##name))dlsym(RTLD_NEXT, #name)

static void resolve(void) {
  if (__atomic_load_n(&resolved, __ATOMIC_ACQUIRE)) return;
  RESOLVE(clock_gettime);
  RESOLVE(gettimeofday);
  RESOLVE(nanosleep);
  RESOLVE(clock_nanosleep);
  RESOLVE(epoll_wait);
  RESOLVE(epoll_pwait);
  RESOLVE(poll);
  RESOLVE(ppoll);
  RESOLVE(select);
  RESOLVE(pselect);
  RESOLVE(syscall);
  RESOLVE(open);
  RESOLVE(openat);
  RESOLVE(fopen);
  RESOLVE(read);
  RESOLVE(write);
  RESOLVE(writev);
  RESOLVE(send);
  RESOLVE(sendto);
  RESOLVE(sendmsg);
  RESOLVE(close);
  __atomic_store_n(&resolved, 1, __ATOMIC_RELEASE);
}

static long env_number(const char* name, long fallback) {
  const char* v = getenv(name);
  if (v == NULL || *v == '\0') return fallback;
  char* end = NULL;
  const long n = strtol(v, &end, 10);
  return (end != NULL && *end == '\0') ? n : fallback;
}

__attribute__((constructor)) static void slsim_shim_init(void) {
  resolve();
  const int page_fd = (int)env_number(SLSIM_SHIM_ENV_PAGE_FD, -1);
  if (page_fd < 0) return;
  void* p = mmap(NULL, sizeof(struct slsim_shim_page), PROT_READ | PROT_WRITE, MAP_SHARED, page_fd, 0);
  if (p == MAP_FAILED) return;
  struct slsim_shim_page* candidate = (struct slsim_shim_page*)p;
  if (__atomic_load_n(&candidate->magic, __ATOMIC_ACQUIRE) != SLSIM_SHIM_MAGIC) {
    munmap(p, sizeof(struct slsim_shim_page));
    return;
  }
  const char* seed = getenv(SLSIM_SHIM_ENV_SEED);
  rng_state = seed ? strtoull(seed, NULL, 10) : 0;
  other_threads_state = mix(rng_state ^ 0x7468726561647321ULL);
  idle_fd = (int)env_number(SLSIM_SHIM_ENV_IDLE_FD, -1);
  ack_fd = (int)env_number(SLSIM_SHIM_ENV_ACK_FD, -1);
  page = candidate;
}

/* ---- the virtual clock --------------------------------------------------------------- */

static int64_t load64(const int64_t* v) { return __atomic_load_n(v, __ATOMIC_ACQUIRE); }

static void add_pending(int64_t ns) {
  if (ns <= 0) return;
  __atomic_add_fetch(&page->pending_ns, ns, __ATOMIC_ACQ_REL);
  __atomic_add_fetch(&page->sleeps, 1, __ATOMIC_RELAXED);
}

/* -1: a clock the shim leaves alone (CPU-time clocks, dynamic clocks). */
static int64_t virtual_now(clockid_t clk) {
  switch (clk) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
    case CLOCK_TAI:
    case CLOCK_REALTIME_ALARM:
      return load64(&page->realtime_ns) + load64(&page->pending_ns);
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
    case CLOCK_BOOTTIME_ALARM:
      return load64(&page->monotonic_ns) + load64(&page->pending_ns);
    default:
      return -1;
  }
}

static struct timespec to_timespec(int64_t ns) {
  struct timespec ts = {(time_t)(ns / 1000000000), (long)(ns % 1000000000)};
  return ts;
}

static int64_t from_timespec(const struct timespec* ts) { return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec; }

EXPORT int clock_gettime(clockid_t clk, struct timespec* ts) {
  resolve();
  if (page != NULL) {
    const int64_t ns = virtual_now(clk);
    if (ns >= 0) {
      *ts = to_timespec(ns);
      return 0;
    }
  }
  return real_clock_gettime(clk, ts);
}

EXPORT int gettimeofday(struct timeval* tv, void* tz) {
  resolve();
  if (page == NULL) return real_gettimeofday(tv, tz);
  const int64_t ns = virtual_now(CLOCK_REALTIME);
  tv->tv_sec = (time_t)(ns / 1000000000);
  tv->tv_usec = (suseconds_t)((ns % 1000000000) / 1000);
  if (tz != NULL) memset(tz, 0, sizeof(struct timezone));
  return 0;
}

EXPORT time_t time(time_t* out) {
  resolve();
  time_t t;
  if (page != NULL) {
    t = (time_t)(virtual_now(CLOCK_REALTIME) / 1000000000);
  } else {
    struct timespec ts;
    real_clock_gettime(CLOCK_REALTIME, &ts);
    t = ts.tv_sec;
  }
  if (out != NULL) *out = t;
  return t;
}

EXPORT int timespec_get(struct timespec* ts, int base) {
  if (base != TIME_UTC) return 0;
  return clock_gettime(CLOCK_REALTIME, ts) == 0 ? base : 0;
}

/* ---- sleeps: they cost virtual time, not wall time ----------------------------------- */

EXPORT int nanosleep(const struct timespec* req, struct timespec* rem) {
  resolve();
  if (page == NULL) return real_nanosleep(req, rem);
  if (req == NULL || req->tv_nsec < 0 || req->tv_nsec >= 1000000000) {
    errno = EINVAL;
    return -1;
  }
  add_pending(from_timespec(req));
  if (rem != NULL) rem->tv_sec = rem->tv_nsec = 0;
  return 0;
}

EXPORT int clock_nanosleep(clockid_t clk, int flags, const struct timespec* req, struct timespec* rem) {
  resolve();
  if (page == NULL || virtual_now(clk) < 0) return real_clock_nanosleep(clk, flags, req, rem);
  if (req == NULL || req->tv_nsec < 0 || req->tv_nsec >= 1000000000) return EINVAL;
  int64_t d = from_timespec(req);
  if (flags & TIMER_ABSTIME) d -= virtual_now(clk);
  add_pending(d);
  if (rem != NULL && !(flags & TIMER_ABSTIME)) rem->tv_sec = rem->tv_nsec = 0;
  return 0;
}

EXPORT int usleep(useconds_t us) {
  const struct timespec ts = {(time_t)(us / 1000000), (long)(us % 1000000) * 1000};
  return nanosleep(&ts, NULL);
}

EXPORT unsigned int sleep(unsigned int s) {
  const struct timespec ts = {(time_t)s, 0};
  return nanosleep(&ts, NULL) == 0 ? 0 : s;
}

/* ---- idle timed waits ---------------------------------------------------------------- */

static __thread int thread_kind; /* 0 unknown, 1 main thread, 2 other */

static int main_thread(void) {
  if (thread_kind == 0) thread_kind = real_syscall(SYS_gettid) == getpid() ? 1 : 2;
  return thread_kind == 1;
}

/* Whether a timed wait takes part in the idle handshake: the main thread of a process
 * slsim runs under the shim, with a positive timeout. */
static int handshake(int64_t timeout_ns) {
  return page != NULL && idle_fd >= 0 && ack_fd >= 0 && timeout_ns > 0 && main_thread();
}

/* Whether another thread of the process is running or waiting for the disk: then the
 * process is not idle (a worker may be about to hand the main thread a result, as libuv's
 * thread pool does for file reads), and its timers must not fire yet. */
static int other_threads_busy(void) {
  DIR* dir = opendir("/proc/self/task");
  if (dir == NULL) return 0;
  const long self = real_syscall(SYS_gettid);
  int busy = 0;
  struct dirent* e;
  while (!busy && (e = readdir(dir)) != NULL) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9' || atol(e->d_name) == self) continue;
    char path[300], stat[512];
    snprintf(path, sizeof path, "/proc/self/task/%s/stat", e->d_name);
    const int fd = real_open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    const ssize_t n = real_read(fd, stat, sizeof stat - 1);
    real_close(fd);
    if (n <= 0) continue;
    stat[n] = '\0';
    const char* paren = strrchr(stat, ')'); /* "tid (comm) S ...": comm may hold spaces */
    if (paren != NULL && paren[1] == ' ' && (paren[2] == 'R' || paren[2] == 'D')) busy = 1;
  }
  closedir(dir);
  return busy;
}

/* Descriptors written since the last idle wait. Before a wait is published, what they sent
 * must have reached its peer (TCP acknowledged it): slsim, seeing the wait, must also see
 * the request the process sent just before it. */
#define WRITTEN_FDS 4096
static uint64_t written_fd[WRITTEN_FDS / 64];

static void mark_written(int fd) {
  if (page != NULL && fd >= 0 && fd < WRITTEN_FDS)
    __atomic_or_fetch(&written_fd[fd / 64], 1ULL << (fd % 64), __ATOMIC_RELAXED);
}

static void wait_written_delivered(void) {
  for (int w = 0; w < WRITTEN_FDS / 64; ++w) {
    uint64_t bits = __atomic_exchange_n(&written_fd[w], 0, __ATOMIC_RELAXED);
    while (bits != 0) {
      const int fd = w * 64 + __builtin_ctzll(bits);
      bits &= bits - 1;
      for (int tries = 0; tries < 2000; ++tries) { /* at most ~0.2 s: a delayed ACK is 40 ms */
        int unacked = 0;
        if (ioctl(fd, SIOCOUTQ, &unacked) != 0 || unacked == 0) break;
        struct timespec pause = {0, 100000};
        real_ppoll(NULL, 0, &pause, NULL);
      }
    }
  }
}

static void publish_idle(uint64_t sequence) {
  __atomic_store_n(&page->idle_word, (sequence << 1) | 1, __ATOMIC_RELEASE);
  const uint64_t one = 1;
  if (real_write(idle_fd, &one, sizeof one) < 0) { /* an eventfd write only fails when saturated */
  }
}

/* Waits on fds[0..n) (room for one more at fds[n]) until one is ready, or slsim lets the
 * wait time out. Returns > 0 when some of the caller's descriptors are ready (the caller
 * asks its real call again without a timeout), 0 when the wait timed out in virtual time
 * (the timeout was added to the clock), -1 with errno (EINTR: a signal). A wait slsim does
 * not answer (it is busy elsewhere: the process is frozen in virtual time) lasts until
 * the process's descriptors get something. */
static int idle_wait(struct pollfd* fds, nfds_t n, int64_t timeout_ns, const sigset_t* mask) {
  wait_written_delivered();
  uint64_t sequence = ++idle_sequence;
  publish_idle(sequence);
  int result;
  for (;;) {
    fds[n].fd = ack_fd;
    fds[n].events = POLLIN;
    fds[n].revents = 0;
    const int r = real_ppoll(fds, n + 1, NULL, mask);
    if (r < 0) {
      if (errno == EINTR) {
        result = -1;
        break;
      }
      continue;
    }
    int caller_ready = 0;
    for (nfds_t i = 0; i < n; ++i)
      if (fds[i].revents) caller_ready = 1;
    if (caller_ready) { /* what arrived wins over a timer: slsim wrote it before any ack */
      result = 1;
      break;
    }
    if (fds[n].revents) {
      uint64_t drained;
      if (real_read(ack_fd, &drained, sizeof drained) < 0) { /* another thread drained it */
      }
      if (__atomic_load_n(&page->idle_ack, __ATOMIC_ACQUIRE) == sequence) {
        /* Idle means idle for a while: nothing of the caller's becomes ready within 1 ms and
         * no other thread runs before or after it. */
        int settled = !other_threads_busy();
        if (settled) {
          struct timespec settle = {0, 1000000};
          fds[n].fd = -1;
          if (real_ppoll(fds, n + 1, &settle, mask) != 0) continue;
          settled = !other_threads_busy();
        }
        if (!settled) { /* not idle after all: look again shortly, ask again */
          struct timespec pause = {0, 200000};
          fds[n].fd = -1;
          if (real_ppoll(fds, n + 1, &pause, mask) != 0) continue;
          sequence = ++idle_sequence;
          publish_idle(sequence);
          continue;
        }
        add_pending(timeout_ns);
        result = 0;
        break;
      }
    }
  }
  __atomic_store_n(&page->idle_word, sequence << 1, __ATOMIC_RELEASE);
  return result;
}

static int64_t ms_to_ns(int ms) { return (int64_t)ms * 1000000; }

EXPORT int epoll_pwait(int epfd, struct epoll_event* events, int max, int timeout_ms, const sigset_t* mask) {
  resolve();
  if (!handshake(ms_to_ns(timeout_ms))) return real_epoll_pwait(epfd, events, max, timeout_ms, mask);
  int r = real_epoll_pwait(epfd, events, max, 0, mask);
  if (r != 0) return r;
  struct pollfd fds[2] = {{epfd, POLLIN, 0}, {-1, 0, 0}};
  r = idle_wait(fds, 1, ms_to_ns(timeout_ms), mask);
  if (r <= 0) return r;
  return real_epoll_pwait(epfd, events, max, 0, mask);
}

EXPORT int epoll_wait(int epfd, struct epoll_event* events, int max, int timeout_ms) {
  resolve();
  if (!handshake(ms_to_ns(timeout_ms))) return real_epoll_wait(epfd, events, max, timeout_ms);
  return epoll_pwait(epfd, events, max, timeout_ms, NULL);
}

static int poll_common(struct pollfd* fds, nfds_t n, int64_t timeout_ns, const sigset_t* mask) {
  int r = real_ppoll(fds, n, &(struct timespec){0, 0}, mask);
  if (r != 0) return r;
  struct pollfd local[33];
  struct pollfd* copy = n < 33 ? local : (struct pollfd*)malloc((n + 1) * sizeof(struct pollfd));
  if (copy == NULL) return real_ppoll(fds, n, NULL, mask);
  memcpy(copy, fds, n * sizeof(struct pollfd));
  r = idle_wait(copy, n, timeout_ns, mask);
  if (copy != local) free(copy);
  if (r <= 0) return r;
  return real_ppoll(fds, n, &(struct timespec){0, 0}, mask);
}

EXPORT int poll(struct pollfd* fds, nfds_t n, int timeout_ms) {
  resolve();
  if (!handshake(ms_to_ns(timeout_ms))) return real_poll(fds, n, timeout_ms);
  return poll_common(fds, n, ms_to_ns(timeout_ms), NULL);
}

EXPORT int ppoll(struct pollfd* fds, nfds_t n, const struct timespec* timeout, const sigset_t* mask) {
  resolve();
  if (timeout == NULL || !handshake(from_timespec(timeout))) return real_ppoll(fds, n, timeout, mask);
  return poll_common(fds, n, from_timespec(timeout), mask);
}

static int select_common(int nfds, fd_set* rd, fd_set* wr, fd_set* ex, int64_t timeout_ns, const sigset_t* mask) {
  fd_set r0, w0, e0;
  if (rd) r0 = *rd;
  if (wr) w0 = *wr;
  if (ex) e0 = *ex;
  struct timespec zero = {0, 0};
  int r = real_pselect(nfds, rd, wr, ex, &zero, mask);
  if (r != 0) return r;
  /* The same sets as pollfds (select's fds are < FD_SETSIZE). */
  struct pollfd fds[FD_SETSIZE + 1];
  nfds_t n = 0;
  for (int fd = 0; fd < nfds && fd < FD_SETSIZE; ++fd) {
    short events = 0;
    if (rd && FD_ISSET(fd, &r0)) events |= POLLIN;
    if (wr && FD_ISSET(fd, &w0)) events |= POLLOUT;
    if (ex && FD_ISSET(fd, &e0)) events |= POLLPRI;
    if (events) fds[n++] = (struct pollfd){fd, events, 0};
  }
  r = idle_wait(fds, n, timeout_ns, mask);
  if (rd) *rd = r0;
  if (wr) *wr = w0;
  if (ex) *ex = e0;
  if (r < 0) return r;
  if (r == 0) {
    if (rd) FD_ZERO(rd);
    if (wr) FD_ZERO(wr);
    if (ex) FD_ZERO(ex);
    return 0;
  }
  return real_pselect(nfds, rd, wr, ex, &zero, mask);
}

EXPORT int select(int nfds, fd_set* rd, fd_set* wr, fd_set* ex, struct timeval* timeout) {
  resolve();
  const int64_t t = timeout ? (int64_t)timeout->tv_sec * 1000000000 + (int64_t)timeout->tv_usec * 1000 : -1;
  if (!handshake(t)) return real_select(nfds, rd, wr, ex, timeout);
  const int r = select_common(nfds, rd, wr, ex, t, NULL);
  if (r >= 0) timeout->tv_sec = timeout->tv_usec = 0; /* Linux updates the remaining time */
  return r;
}

EXPORT int pselect(int nfds, fd_set* rd, fd_set* wr, fd_set* ex, const struct timespec* timeout, const sigset_t* mask) {
  resolve();
  if (timeout == NULL || !handshake(from_timespec(timeout))) return real_pselect(nfds, rd, wr, ex, timeout, mask);
  return select_common(nfds, rd, wr, ex, from_timespec(timeout), mask);
}

/* ---- random bytes from the seed ------------------------------------------------------ */

/* splitmix64. The main thread has a stream of its own: what the handler draws never depends
 * on when a runtime's background threads (V8's, libuv's) draw theirs, which share another. */

static uint64_t mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static uint64_t next_random(void) {
  if (main_thread()) return mix(rng_state += 0x9e3779b97f4a7c15ULL);
  return mix(__atomic_add_fetch(&other_threads_state, 0x9e3779b97f4a7c15ULL, __ATOMIC_RELAXED) ^ 0x6f74686572ULL);
}

static void fill_random(void* buf, size_t len) {
  unsigned char* out = (unsigned char*)buf;
  while (len > 0) {
    const uint64_t v = next_random();
    const size_t k = len < 8 ? len : 8;
    memcpy(out, &v, k);
    out += k;
    len -= k;
  }
}

EXPORT ssize_t getrandom(void* buf, size_t len, unsigned int flags) {
  resolve();
  if (page == NULL) return real_syscall(SYS_getrandom, buf, len, flags);
  fill_random(buf, len);
  return (ssize_t)len;
}

EXPORT int getentropy(void* buf, size_t len) {
  resolve();
  if (len > 256) {
    errno = EIO;
    return -1;
  }
  if (page == NULL) return real_syscall(SYS_getrandom, buf, len, 0) == (long)len ? 0 : -1;
  fill_random(buf, len);
  return 0;
}

EXPORT long syscall(long number, ...) {
  resolve();
  va_list ap;
  va_start(ap, number);
  long a[6];
  for (int i = 0; i < 6; ++i) a[i] = va_arg(ap, long);
  va_end(ap);
  if (page != NULL && number == SYS_getrandom) {
    fill_random((void*)a[0], (size_t)a[1]);
    return a[1];
  }
  if (page != NULL && number == SYS_clock_gettime) return clock_gettime((clockid_t)a[0], (struct timespec*)a[1]);
  return real_syscall(number, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* /dev/urandom and /dev/random: the real device is opened (so fstat and friends work) and
 * its descriptor remembered; reads of it are served from the seed. */
#define TRACKED_FDS 4096
static unsigned char random_fd[TRACKED_FDS];

static int is_random_device(const char* path) {
  return path != NULL && (strcmp(path, "/dev/urandom") == 0 || strcmp(path, "/dev/random") == 0);
}

static int track(int fd) {
  if (fd >= 0 && fd < TRACKED_FDS) __atomic_store_n(&random_fd[fd], 1, __ATOMIC_RELEASE);
  return fd;
}

static int tracked(int fd) { return fd >= 0 && fd < TRACKED_FDS && __atomic_load_n(&random_fd[fd], __ATOMIC_ACQUIRE); }

static mode_t mode_arg(int flags, va_list ap) { return (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0; }

EXPORT int open(const char* path, int flags, ...) {
  resolve();
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = mode_arg(flags, ap);
  va_end(ap);
  const int fd = real_open(path, flags, mode);
  return page != NULL && is_random_device(path) ? track(fd) : fd;
}

EXPORT int open64(const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = mode_arg(flags, ap);
  va_end(ap);
  return open(path, flags, mode);
}

EXPORT int openat(int dirfd, const char* path, int flags, ...) {
  resolve();
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = mode_arg(flags, ap);
  va_end(ap);
  const int fd = real_openat(dirfd, path, flags, mode);
  return page != NULL && is_random_device(path) ? track(fd) : fd;
}

EXPORT int openat64(int dirfd, const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = mode_arg(flags, ap);
  va_end(ap);
  return openat(dirfd, path, flags, mode);
}

EXPORT int __open_2(const char* path, int flags) { return open(path, flags); }
EXPORT int __open64_2(const char* path, int flags) { return open(path, flags); }
EXPORT int __openat_2(int dirfd, const char* path, int flags) { return openat(dirfd, path, flags); }
EXPORT int __openat64_2(int dirfd, const char* path, int flags) { return openat(dirfd, path, flags); }

EXPORT ssize_t read(int fd, void* buf, size_t len) {
  resolve();
  if (page != NULL && tracked(fd)) {
    fill_random(buf, len);
    return (ssize_t)len;
  }
  return real_read(fd, buf, len);
}

EXPORT ssize_t __read_chk(int fd, void* buf, size_t len, size_t buflen) {
  if (len > buflen) abort();
  return read(fd, buf, len);
}

EXPORT int close(int fd) {
  resolve();
  if (fd >= 0 && fd < TRACKED_FDS) __atomic_store_n(&random_fd[fd], 0, __ATOMIC_RELEASE);
  return real_close(fd);
}

static ssize_t cookie_read(void* cookie, char* buf, size_t len) {
  (void)cookie;
  fill_random(buf, len);
  return (ssize_t)len;
}

EXPORT FILE* fopen(const char* path, const char* mode) {
  resolve();
  if (page != NULL && is_random_device(path) && mode != NULL && mode[0] == 'r') {
    cookie_io_functions_t io = {cookie_read, NULL, NULL, NULL};
    return fopencookie(NULL, mode, io);
  }
  return real_fopen(path, mode);
}

EXPORT FILE* fopen64(const char* path, const char* mode) { return fopen(path, mode); }

EXPORT ssize_t write(int fd, const void* buf, size_t len) {
  resolve();
  mark_written(fd);
  return real_write(fd, buf, len);
}

EXPORT ssize_t writev(int fd, const struct iovec* iov, int count) {
  resolve();
  mark_written(fd);
  return real_writev(fd, iov, count);
}

EXPORT ssize_t send(int fd, const void* buf, size_t len, int flags) {
  resolve();
  mark_written(fd);
  return real_send(fd, buf, len, flags);
}

EXPORT ssize_t sendto(int fd, const void* buf, size_t len, int flags, const struct sockaddr* to, socklen_t tolen) {
  resolve();
  mark_written(fd);
  return real_sendto(fd, buf, len, flags, to, tolen);
}

EXPORT ssize_t sendmsg(int fd, const struct msghdr* msg, int flags) {
  resolve();
  mark_written(fd);
  return real_sendmsg(fd, msg, flags);
}
