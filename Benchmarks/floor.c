// The floor for muster's benchmarks: the same work done by a plain C program with posix_spawn,
// waitpid and poll, no scheduling or reporting. Built by run_suite.py.
//
//   floor wide N           spawn N `true` at once, wait for all
//   floor chain N          spawn `true` N times, each after the previous one exited 0
//   floor layers L W       L layers of W `true`; a layer starts when the previous one has ended
//   floor logs K N         K children each running `seq 1 N`; every line is written to stdout
//                          as "cK | line", whole lines only
//   floor idle N S         N children `sleep S`, wait for all
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

// The program's path, looked up in PATH once (as muster resolves an argv once per entry).
static char *resolve(const char *name) {
    const char *path = getenv("PATH");
    char *copy = strdup(path ? path : "/usr/bin:/bin");
    for (char *dir = strtok(copy, ":"); dir; dir = strtok(NULL, ":")) {
        char *candidate = malloc(strlen(dir) + strlen(name) + 2);
        sprintf(candidate, "%s/%s", dir, name);
        if (access(candidate, X_OK) == 0) return candidate;
        free(candidate);
    }
    fprintf(stderr, "%s not found\n", name);
    exit(2);
}

static pid_t spawn(char *const argv[], posix_spawn_file_actions_t *actions) {
    static char *paths[3];
    static const char *names[3] = {"true", "seq", "sleep"};
    char *program = NULL;
    for (int i = 0; i < 3; i++) {
        if (strcmp(argv[0], names[i]) == 0) {
            if (!paths[i]) paths[i] = resolve(names[i]);
            program = paths[i];
        }
    }
    pid_t pid;
    if (posix_spawn(&pid, program, actions, NULL, argv, environ) != 0) { perror("posix_spawn"); exit(2); }
    return pid;
}

static void wait_all(int n) {
    int status;
    for (int i = 0; i < n; i++) {
        if (wait(&status) < 0) { perror("wait"); exit(2); }
    }
}

static void run_true_batch(int n) {
    char *argv[] = {"true", NULL};
    for (int i = 0; i < n; i++) spawn(argv, NULL);
    wait_all(n);
}

static void write_all(const char *data, size_t size) {
    while (size > 0) {
        ssize_t n = write(1, data, size);
        if (n <= 0) exit(3);
        data += n;
        size -= (size_t)n;
    }
}

static void logs(int k, const char *count) {
    struct pollfd fds[64];
    char *partial[64];
    size_t partial_size[64];
    char name[64][16];
    for (int i = 0; i < k; i++) {
        int p[2];
        if (pipe(p) != 0) exit(2);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, p[1], 1);
        posix_spawn_file_actions_addclose(&actions, p[0]);
        char *argv[] = {"seq", "1", (char *)count, NULL};
        spawn(argv, &actions);
        close(p[1]);
        fds[i].fd = p[0];
        fds[i].events = POLLIN;
        partial[i] = malloc(1 << 16);
        partial_size[i] = 0;
        snprintf(name[i], sizeof name[i], "c%d | ", i);
    }
    static char in[1 << 16], out[1 << 18];
    int open_count = k;
    while (open_count > 0) {
        if (poll(fds, (nfds_t)k, -1) < 0) exit(2);
        for (int i = 0; i < k; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
            ssize_t n = read(fds[i].fd, in, sizeof in);
            if (n <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                open_count--;
                continue;
            }
            size_t used = 0, start = 0, name_size = strlen(name[i]);
            for (ssize_t j = 0; j < n; j++) {
                if (in[j] != '\n') continue;
                memcpy(out + used, name[i], name_size);
                used += name_size;
                memcpy(out + used, partial[i], partial_size[i]);
                used += partial_size[i];
                partial_size[i] = 0;
                memcpy(out + used, in + start, (size_t)(j - (ssize_t)start + 1));
                used += (size_t)(j - (ssize_t)start + 1);
                start = (size_t)j + 1;
            }
            memcpy(partial[i] + partial_size[i], in + start, (size_t)n - start);
            partial_size[i] += (size_t)n - start;
            write_all(out, used);
        }
    }
    wait_all(k);
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: floor wide|chain|layers|logs|idle ...\n"); return 2; }
    const char *mode = argv[1];
    int n = atoi(argv[2]);
    if (!strcmp(mode, "wide")) {
        run_true_batch(n);
    } else if (!strcmp(mode, "chain")) {
        for (int i = 0; i < n; i++) run_true_batch(1);
    } else if (!strcmp(mode, "layers")) {
        int width = atoi(argv[3]);
        for (int i = 0; i < n; i++) run_true_batch(width);
    } else if (!strcmp(mode, "logs")) {
        logs(n, argv[3]);
    } else if (!strcmp(mode, "idle")) {
        char *sleep_argv[] = {"sleep", argv[3], NULL};
        for (int i = 0; i < n; i++) spawn(sleep_argv, NULL);
        wait_all(n);
    } else {
        return 2;
    }
    return 0;
}
