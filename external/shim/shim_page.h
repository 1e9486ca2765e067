/* The page slsim shares with a handler process that runs under libslsim_shim.so
 * (docs/other-languages.md, "Determinism tiers"). C, so the shim and slsim read one layout.
 *
 * slsim writes the virtual clock before every hand-over to the process (an answer, an
 * event, a reset), and only then: in lockstep the process never runs while slsim moves
 * virtual time, so a plain atomic 64-bit load is all the shim needs. The process adds the
 * virtual time its sleeps and idle timed waits cost to `pending_ns`; slsim takes it at the
 * process's next request and lets that much virtual time pass first.
 *
 * The idle handshake lets a timed wait with nothing ready cost no wall time: the shim
 * publishes `idle_word` = (sequence << 1) | 1 and signals the "idle" eventfd; slsim, when it
 * is waiting for this very process and holds none of its requests, answers by storing the
 * sequence in `idle_ack` and signalling the "ack" eventfd. The shim then returns "timed
 * out" and adds the timeout to `pending_ns`. */
#ifndef SLSIM_SHIM_PAGE_H
#define SLSIM_SHIM_PAGE_H

#include <stdint.h>

#define SLSIM_SHIM_MAGIC 0x736c73696d736831ULL /* "slsimsh1" */

/* Environment variables slsim sets for the process. */
#define SLSIM_SHIM_ENV_PAGE_FD "SLSIM_SHIM_PAGE_FD" /* the page (a memfd), inherited */
#define SLSIM_SHIM_ENV_IDLE_FD "SLSIM_SHIM_IDLE_FD" /* eventfd the shim writes: "I am idle" */
#define SLSIM_SHIM_ENV_ACK_FD "SLSIM_SHIM_ACK_FD"   /* eventfd slsim writes: "fire your timer" */
#define SLSIM_SHIM_ENV_SEED "SLSIM_SHIM_SEED"       /* decimal 64-bit seed of the process's bytes */

struct slsim_shim_page {
  uint64_t magic;
  int64_t realtime_ns;  /* CLOCK_REALTIME: epoch ns of the virtual clock (slsim writes) */
  int64_t monotonic_ns; /* CLOCK_MONOTONIC / BOOTTIME: virtual ns since the run began + 1 s (slsim writes) */
  int64_t pending_ns;   /* virtual time the process spent sleeping, not yet taken by slsim (both, atomically) */
  uint64_t idle_word;   /* (sequence << 1) | waiting (the shim writes) */
  uint64_t idle_ack;    /* the sequence slsim let time out (slsim writes) */
  uint64_t sleeps;      /* sleeps and idle waits served, for figures (the shim writes) */
};

#endif
