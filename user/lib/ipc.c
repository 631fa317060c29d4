/* The IPC primitives, as C functions (see include/mica/ipc.h). */
#include "libsys.h"

int send(endpoint_t dst, message *m)    { return _ipc(SEND, dst, m); }
int receive(endpoint_t src, message *m) { return _ipc(RECEIVE, src, m); }
int sendrec(endpoint_t e, message *m)   { return _ipc(SENDREC, e, m); }
int notify(endpoint_t dst)              { return _ipc(NOTIFY, dst, NULL); }
int sendnb(endpoint_t dst, message *m)  { return _ipc(SENDNB, dst, m); }
int senda(asynmsg_t *table, int count)  { return _ipc(SENDA, count, table); }
