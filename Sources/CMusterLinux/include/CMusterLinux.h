#ifndef C_MUSTER_LINUX_H
#define C_MUSTER_LINUX_H

#include <sys/epoll.h>
#include <sys/inotify.h>

/// Makes the calling process a child subreaper (prctl PR_SET_CHILD_SUBREAPER): orphaned
/// descendants are re-parented to it instead of to init. Returns 0 or -1 with errno set.
int muster_become_subreaper(void);

/// The user id of the process at the other end of a Unix socket (SO_PEERCRED), in `uid`.
/// Returns 0 or -1 with errno set.
int muster_peer_uid(int fd, unsigned int *uid);

/// Spawns `path` with `argv` and `envp` (NULL-terminated) in a process group of its own, in
/// `directory` (NULL: muster's own), with standard input from `input` (or /dev/null when it is
/// -1), standard output and error on `output` and `error` (or /dev/null when -1), no other
/// descriptor, SIGPIPE back to its default and an empty signal mask (clone CLONE_VM |
/// CLONE_VFORK, and exec). Stores the child's pid in `pid` and a pidfd for it in `pidfd`. Returns
/// 0, or the errno of what failed in the child (setting it up, changing to `directory`, or the
/// exec) or in muster.
int muster_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                 int input, int output, int error, int *pid, int *pidfd);

/// As `muster_spawn`, but in a session of its own (setsid: no controlling terminal), standard
/// input from /dev/null and standard output and error both on `output`: a detached muster.
int muster_spawn_session(const char *path, char *const argv[], char *const envp[], const char *directory,
                         int output, int *pid, int *pidfd);

/// Starts muster's orphan watchdog: a process that shares muster's memory (clone CLONE_VM: no
/// exec, so it costs a clone rather than a shell's start), in a process group of its own, with
/// `input` as its standard input and `groups` (a file of process group ids, one a line) as its
/// standard output, and no other descriptor. It waits for an `exit` line on `input` (then it
/// leaves) or its end (muster is gone: then it SIGKILLs every group in `groups`, and twice over
/// every process whose environment holds MUSTER_AUTHKEY=`key`, with the group it leads). Stores
/// its pid in `pid` and a pidfd for it in `pidfd`, and returns its stack, for
/// `muster_watchdog_free` once it is reaped; NULL with errno set when it cannot start.
void *muster_watchdog_start(int input, int groups, const char *key, int *pid, int *pidfd);

/// Frees the stack of a watchdog that has been reaped.
void muster_watchdog_free(void *stack);

/// A pipe for a child's output: both ends close-on-exec, the read end (`ends[0]`) non-blocking.
/// Returns 0 or -1 with errno set.
int muster_output_pipe(int ends[2]);

/// An anonymous in-memory file, close-on-exec (memfd_create). Returns its fd, or -1 with errno set.
int muster_memory_file(const char *name);

/// Whether a child of muster has exited or stopped and not been waited for (waitid WEXITED,
/// WSTOPPED, WNOHANG, WNOWAIT): one look for both, which usually finds neither.
int muster_child_is_waitable(void);

/// The pid of a child of muster that has exited and is not reaped yet, left unreaped (waitid
/// WEXITED, WNOHANG, WNOWAIT); 0 when there is none.
int muster_peek_exited_child(void);

/// Takes the report of one child of muster that a signal stopped (waitid WSTOPPED, WNOHANG), if
/// any: returns 1 with its pid in `pid` and the signal in `signal`, or 0 when none is stopped.
int muster_take_stopped_child(int *pid, int *signal);

/// Opens /dev/null on whichever of descriptors 0, 1 and 2 is closed, so that nothing muster
/// opens later (a pipe, a socket) takes the place of a standard stream.
void muster_open_standard_streams(void);

/// Reaps the child behind `pidfd` if it has ended (waitid P_PIDFD, WNOHANG). Returns 1 with
/// `code` set to its exit status and `signal` to 0, or `signal` to the signal that killed it;
/// 0 if it is still running; -1 with errno set on error.
int muster_reap(int pidfd, int *code, int *signal);

/// A pidfd for process `pid` (pidfd_open): readable once it has exited. Returns the fd, or -1
/// with errno set (ESRCH: no such process).
int muster_pidfd_open(int pid);

/// An eventfd for waking a thread, close-on-exec and non-blocking. Returns its fd, or -1 with
/// errno set.
int muster_wake_descriptor(void);

/// Names the calling thread (prctl PR_SET_NAME; at most 15 bytes are kept), as `ps -T` and
/// debuggers show it. Returns 0 or -1 with errno set.
int muster_name_thread(const char *name);
/// The events a file watch asks inotify for: a file written and closed, changed, created, removed
/// or moved in or out of a watched folder, and the folder itself going.
static const unsigned int muster_watch_events =
    IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ONLYDIR;

#endif
