/* The scalar benchmark's timer (bench/scalar/run.ts): runs argv[2..] and
 * writes "wall user sys" in seconds, to the microsecond, to the file argv[1]
 * (/usr/bin/time prints only hundredths). Exits with the child's status. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double secs(struct timeval t) { return t.tv_sec + t.tv_usec / 1e6; }

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: cputime OUTFILE COMMAND [ARG...]\n");
    return 64;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid = fork();
  if (pid < 0) return 71;
  if (pid == 0) {
    execvp(argv[2], argv + 2);
    _exit(127);
  }
  int status = 0;
  struct rusage ru;
  if (wait4(pid, &status, 0, &ru) < 0) return 71;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double wall = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
  FILE *f = fopen(argv[1], "w");
  if (f == NULL) return 73;
  fprintf(f, "%.6f %.6f %.6f\n", wall, secs(ru.ru_utime), secs(ru.ru_stime));
  fclose(f);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
