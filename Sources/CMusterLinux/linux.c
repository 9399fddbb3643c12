#define _GNU_SOURCE
#include "CMusterLinux.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int muster_become_subreaper(void) {
    return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
}

int muster_peer_uid(int fd, unsigned int *uid) {
    struct ucred credentials;
    socklen_t length = sizeof credentials;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0) return -1;
    *uid = credentials.uid;
    return 0;
}

/// Connects the child's `target` to `fd`, or to /dev/null when `fd` is -1.
static void connect_stream(posix_spawn_file_actions_t *actions, int fd, int target) {
    if (fd < 0) {
        posix_spawn_file_actions_addopen(actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0);
    } else {
        posix_spawn_file_actions_adddup2(actions, fd, target);
    }
}

int muster_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                 int input, int output, int error, int *pid, int *pidfd) {
    posix_spawnattr_t attributes;
    posix_spawn_file_actions_t actions;
    int result = posix_spawnattr_init(&attributes);
    if (result != 0) return result;
    result = posix_spawn_file_actions_init(&actions);
    if (result != 0) {
        posix_spawnattr_destroy(&attributes);
        return result;
    }
    // Handlers are reset by exec anyway; of what muster ignores, only SIGPIPE is its own doing
    // (ignores muster inherited, as from nohup, pass on as a shell passes them on).
    sigset_t none, ignoredByMuster;
    sigemptyset(&none);
    sigemptyset(&ignoredByMuster);
    sigaddset(&ignoredByMuster, SIGPIPE);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &ignoredByMuster);
    connect_stream(&actions, input, 0);
    connect_stream(&actions, output, 1);
    connect_stream(&actions, error, 2);
    posix_spawn_file_actions_addchdir_np(&actions, directory);
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    result = posix_spawn(pid, path, &actions, &attributes, argv, envp);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (result != 0) return result;
    *pidfd = (int)syscall(SYS_pidfd_open, *pid, 0);
    if (*pidfd < 0) {
        int saved = errno;
        kill(-*pid, SIGKILL);
        waitpid(*pid, NULL, 0);
        return saved;
    }
    return 0;
}

int muster_output_pipe(int ends[2]) {
    if (pipe2(ends, O_CLOEXEC) != 0) return -1;
    if (fcntl(ends[0], F_SETFL, O_NONBLOCK) != 0) {
        int saved = errno;
        close(ends[0]);
        close(ends[1]);
        errno = saved;
        return -1;
    }
    return 0;
}

int muster_memory_file(const char *name) {
    return memfd_create(name, MFD_CLOEXEC);
}

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

int muster_reap(int pidfd, int *code, int *signal) {
    siginfo_t info;
    memset(&info, 0, sizeof info);
    if (waitid((idtype_t)P_PIDFD, (id_t)pidfd, &info, WEXITED | WNOHANG) != 0) return -1;
    if (info.si_pid == 0) return 0;
    *code = info.si_code == CLD_EXITED ? info.si_status : 0;
    *signal = info.si_code == CLD_EXITED ? 0 : info.si_status;
    return 1;
}

int muster_take_stopped_child(int *pid, int *signal) {
    siginfo_t info;
    memset(&info, 0, sizeof info);
    if (waitid(P_ALL, 0, &info, WSTOPPED | WNOHANG) != 0 || info.si_pid == 0) return 0;
    *pid = info.si_pid;
    *signal = info.si_status;
    return 1;
}

int muster_peek_exited_child(void) {
    siginfo_t info;
    memset(&info, 0, sizeof info);
    if (waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) != 0) return 0;
    return info.si_pid;
}
