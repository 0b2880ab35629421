/*
 * Process churn for the soak (bench/soak.ts --churn N): keeps about N short-lived processes alive
 * by starting N a second, each living --life-ms (default 1000) and then exiting, so the monitor
 * sees N new pids and N exits every second. Children are plain fork()s without exec: an exec of
 * even /bin/true costs about a millisecond, and 1,000 of them a second would take a whole core of
 * this 2-core machine from the monitor under test. Each child names itself (prctl PR_SET_NAME)
 * from a rotating set, spins briefly so its CPU counter moves, then sleeps.
 *
 * Usage: churn RATE [LIFE_MS]. Runs until SIGTERM or SIGINT, then kills and reaps its children.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig) {
  (void)sig;
  stop_requested = 1;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void child(unsigned long serial, long life_ms) {
  char name[16];
  snprintf(name, sizeof name, "churn-%lu", serial % 64);
  prctl(PR_SET_NAME, name, 0, 0, 0);
  /* Die with the parent, so a killed soak leaves nothing behind. */
  prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  double until = now_s() + 0.0002;
  while (now_s() < until) {
  }
  struct timespec life = {life_ms / 1000, (life_ms % 1000) * 1000000L};
  nanosleep(&life, NULL);
  _exit(0);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: churn RATE [LIFE_MS]\n");
    return 2;
  }
  long rate = strtol(argv[1], NULL, 10);
  long life_ms = argc > 2 ? strtol(argv[2], NULL, 10) : 1000;
  if (rate <= 0 || life_ms <= 0) {
    fprintf(stderr, "churn: RATE and LIFE_MS must be positive\n");
    return 2;
  }
  /* Its own process group, so the final kill(0, ...) reaches only the churn. */
  setpgid(0, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);

  double start = now_s();
  unsigned long started = 0;
  unsigned long failed = 0;
  while (!stop_requested) {
    /* Start as many as the rate owes by now, then reap whoever exited. */
    unsigned long owed = (unsigned long)((now_s() - start) * rate);
    while (started < owed && !stop_requested) {
      pid_t pid = fork();
      if (pid == 0) child(started, life_ms);
      if (pid < 0) {
        failed++;
        break;
      }
      started++;
    }
    while (waitpid(-1, NULL, WNOHANG) > 0) {
    }
    struct timespec tick = {0, 2000000L};
    nanosleep(&tick, NULL);
  }
  kill(0, SIGTERM);
  while (wait(NULL) > 0 || errno == EINTR) {
  }
  fprintf(stderr, "churn: started %lu processes in %.0f s, %lu forks failed\n", started, now_s() - start, failed);
  return 0;
}
