#ifndef C_MUSTER_LINUX_H
#define C_MUSTER_LINUX_H

/// Makes the calling process a child subreaper (prctl PR_SET_CHILD_SUBREAPER): orphaned
/// descendants are re-parented to it instead of to init. Returns 0 or -1 with errno set.
int muster_become_subreaper(void);

/// The user id of the process at the other end of a Unix socket (SO_PEERCRED), in `uid`.
/// Returns 0 or -1 with errno set.
int muster_peer_uid(int fd, unsigned int *uid);

#endif
