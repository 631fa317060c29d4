/*
 * The processes VM has made: started from boot modules (VM_SPAWN, and
 * the boot set at start-up), waited for (VM_WAIT), and cleaned up when
 * the kernel reports their end (VM_EXITED).
 *
 * A process's slot is released as soon as it ends; its exit status waits
 * in the zombie table until its parent asks for it, or the parent ends.
 * The table has NR_PROCS entries: a parent that lets more statuses pile
 * up than that without waiting loses the newest.
 *
 * Orphans: when a process ends, its children are handed to init (the
 * kernel does the same for their IPC rights), which reaps them and ends
 * those a program left behind (user/init/run.c). A parent may end its
 * children (VM_KILL); init, a system process, may end any process that
 * is not one.
 */
#include "vm.h"


struct zombie {
	endpoint_t endpt;        /* NONE: unused */
	endpoint_t parent;
	int status, killed;
};

static struct vmproc procs[NR_PROCS];
static struct zombie zombies[NR_PROCS];
static struct bootmodule modules[BOOT_MODULES_MAX];
static int nr_modules, first_program;

/* The record of a process VM made, or NULL: also for VM itself, whose
 * record only keeps its slot taken (VM has no table of its own among
 * the processes' and is never the subject of a request). A record holds
 * a process's endpoint or NONE, so e is one of VM's processes exactly
 * when its slot's record holds it and it is not NONE: no other check of
 * e is needed (every page fault asks). */
struct vmproc *vmproc_of(endpoint_t e)
{
	int slot = endpoint_slot(e);

	if (slot <= VM_SLOT || slot >= NR_PROCS || e == NONE || procs[slot].endpt != e)
		return NULL;
	return &procs[slot];
}

/* The program name of a command line or module: its first word without
 * directories, in name (at most size bytes with the NUL). */
static void program_name(const char *cmdline, char *name, size_t size)
{
	const char *start = cmdline, *p;
	size_t n;

	for (p = cmdline; *p != '\0' && *p != ' '; p++)
		if (*p == '/')
			start = p + 1;
	n = (size_t)(p - start) < size - 1 ? (size_t)(p - start) : size - 1;
	memcpy(name, start, n);
	name[n] = '\0';
}

static const struct bootmodule *find_module(const char *cmdline, int from)
{
	char want[PROC_NAME_LEN], have[PROC_NAME_LEN];
	int i;

	program_name(cmdline, want, sizeof(want));
	for (i = from; i < nr_modules; i++) {
		program_name(modules[i].cmdline, have, sizeof(have));
		if (strcmp(want, have) == 0)
			return &modules[i];
	}
	return NULL;
}

/* A process slot nobody uses: VM makes every process and releases
 * every slot, so its records say which the kernel has free. Slots are
 * handed out in turn, after the last one given, so that a slot (and its
 * generation) moves on as rarely as possible: see how long a stale
 * endpoint stays refused in include/mica/endpoint.h. */
static int free_slot(void)
{
	static int last = VM_SLOT;
	int i, slot;

	for (i = 1; i <= NR_PROCS; i++) {
		slot = (last + i) % NR_PROCS;
		if (procs[slot].endpt == NONE && slot != INIT_SLOT && slot != DS_SLOT) {
			last = slot;
			return slot;
		}
	}
	return -1;
}

/* Make a process running cmdline from module mod, in slot (-1: any free
 * one but the fixed slots of init and DS). */
static int start(const struct bootmodule *mod, const char *cmdline, int slot,
                 endpoint_t parent, u32_t flags, endpoint_t *child)
{
	struct mess_newproc np;
	struct exec_result ex;
	phys_bytes pagedir;
	int r;

	if (slot < 0 && (slot = free_slot()) < 0)
		return ENOMEM;
	memset(&np, 0, sizeof(np));
	if ((r = space_build(mod, cmdline, &np, &pagedir, &ex)) != OK)
		return r;
	np.slot = slot;
	np.parent = parent;
	np.flags = flags;
	space_publish(slot, pagedir);
	if ((r = sys_newproc(&np)) != OK) {
		space_publish(slot, 0);
		space_free(pagedir);
		return r;
	}
	if (endpoint_slot(np.endpt) != slot)
		panic("SYS_NEWPROC used slot %d, not %d", endpoint_slot(np.endpt), slot);
	procs[slot] = (struct vmproc){
		.endpt = np.endpt, .parent = parent, .flags = flags, .pagedir = pagedir,
		.rw_start = ex.rw_start, .heap_start = ex.image_end, .brk = ex.image_end,
	};
	*child = np.endpt;
	return OK;
}

/* The fixed slot of a boot-set program (init, DS), or -1. Those slots
 * are never given to anyone else, so their endpoints are known to all. */
static int boot_slot(const char *name)
{
	if (strcmp(name, "init") == 0)
		return INIT_SLOT;
	if (strcmp(name, "ds") == 0)
		return DS_SLOT;
	return -1;
}

/*
 * Read the boot modules and start the boot set: every module after VM up
 * to and including the one named "init" (DS comes before init, so that
 * it serves from the start). The modules after init are the programs
 * that VM_SPAWN can start.
 */
void procs_init(void)
{
	char name[PROC_NAME_LEN];
	endpoint_t e;
	int i, r, init_index = -1;

	for (i = 0; i < NR_PROCS; i++)
		procs[i].endpt = zombies[i].endpt = NONE;
	procs[VM_SLOT].endpt = VM_PROC_NR;
	nr_modules = sys_getinfo(GET_MODULES, modules, sizeof(modules), NULL);
	for (i = 1; i < nr_modules && init_index < 0; i++) {
		program_name(modules[i].cmdline, name, sizeof(name));
		if (strcmp(name, "init") == 0)
			init_index = i;
	}
	if (init_index < 0)
		panic("no module named init among the %d boot modules", nr_modules);
	first_program = init_index + 1;
	for (i = 1; i <= init_index; i++) {
		program_name(modules[i].cmdline, name, sizeof(name));
		if ((r = start(&modules[i], modules[i].cmdline, boot_slot(name), VM_PROC_NR,
		               PROC_SYSTEM, &e)) != OK)
			panic("cannot start boot module %s: %s", modules[i].cmdline, errstr(r));
	}
}

int procs_spawn(const char *cmdline, endpoint_t parent, u32_t flags, endpoint_t *child)
{
	const struct bootmodule *mod = find_module(cmdline, first_program);

	if (mod == NULL)
		return ENOENT;
	return start(mod, cmdline, -1, parent, flags, child);
}

/* Has p ended, though VM has not had its exit notice yet? VM serves one
 * message at a time, so a process may have ended since the fault or
 * request VM is serving was sent (VM_KILL served first, say): its tables
 * are still there, but the kernel no longer knows it, and vm_unmap()
 * would have no process to tell. Its space goes with the notice. */
int proc_gone(const struct vmproc *p)
{
	phys_bytes pd;

	return sys_getspace(p->endpt, &pd) != OK;
}

int procs_count(void)
{
	int i, n = 0;

	for (i = 0; i < NR_PROCS; i++)
		n += procs[i].endpt != NONE;
	return n;
}

static void reply_wait(endpoint_t parent, endpoint_t child, int status, int killed)
{
	message m;

	message_clear(&m);
	m.m_type = OK;
	m.vm_wait.endpt = child;
	m.vm_wait.status = status;
	m.vm_wait.killed = killed;
	reply(parent, &m);
}

/* e's children go to init, in VM's records as in the kernel's. */
static void hand_children_to_init(endpoint_t e)
{
	int i;

	for (i = 0; i < NR_PROCS; i++)
		if (procs[i].endpt != NONE && procs[i].parent == e) {
			procs[i].parent = INIT_PROC_NR;
			procs[i].parent_waits = 0;
		}
}

/* Keep e's status for its parent; tell a parent that asked to know. */
static void keep_status(struct vmproc *parent, endpoint_t e, int status, int killed)
{
	int i;

	for (i = 0; i < NR_PROCS && zombies[i].endpt != NONE; i++)
		;
	if (i < NR_PROCS)
		zombies[i] = (struct zombie){ e, parent->endpt, status, killed };
	else   /* a parent that never waits: its statuses are lost */
		printf("vm: no room for the exit status of %d\n", e);
	if (parent->notify_exit) {
		parent->notify_exit = 0;
		notify(parent->endpt);
	}
}

/* The kernel says e has ended: free its memory and slot, hand its
 * children to init, and give the status to its parent now (if waiting)
 * or later. */
void procs_exited(endpoint_t e, int status, int killed)
{
	struct vmproc *p = vmproc_of(e), *parent;
	int i, r;

	/* Only the kernel's notice gets here (main.c), and SYS_RELEASE
	 * checks once more that e has really ended: release first, free
	 * after. */
	if (p == NULL || (r = sys_release(e)) != OK) {
		printf("vm: exit notice for %d, which VM cannot release: %s\n",
		       e, p == NULL ? "not a process VM made" : errstr(r));
		return;
	}
	share_exited(e);
	space_publish(endpoint_slot(e), 0);
	space_free(p->pagedir);
	hand_children_to_init(e);
	/* Its children's statuses will never be asked for. */
	for (i = 0; i < NR_PROCS; i++)
		if (zombies[i].parent == e)
			zombies[i].endpt = zombies[i].parent = NONE;
	parent = vmproc_of(p->parent);
	if (p->parent_waits || (parent != NULL && parent->waits_any)) {
		if (parent != NULL)
			parent->waits_any = 0;
		reply_wait(p->parent, e, status, killed);
	} else if (parent != NULL) {
		keep_status(parent, e, status, killed);
	}
	p->endpt = NONE;
}

/* Does parent have a child, living or with a status kept? */
static int has_children(endpoint_t parent)
{
	int i;

	for (i = 0; i < NR_PROCS; i++)
		if ((procs[i].endpt != NONE && procs[i].parent == parent) ||
		    (zombies[i].endpt != NONE && zombies[i].parent == parent))
			return 1;
	return 0;
}

/* VM_WAIT for child (ANY: any child): returns OK with the reply filled
 * in, NO_REPLY if the reply comes later, EAGAIN (nohang: nothing yet,
 * and a NOTIFY comes when something is), or ECHILD. */
int procs_wait(endpoint_t parent, endpoint_t child, int nohang, message *m)
{
	struct vmproc *p = vmproc_of(child), *self = vmproc_of(parent);
	int i;

	for (i = 0; i < NR_PROCS; i++) {
		if (zombies[i].endpt != NONE && zombies[i].parent == parent &&
		    (child == ANY || zombies[i].endpt == child)) {
			m->vm_wait.endpt = zombies[i].endpt;
			m->vm_wait.status = zombies[i].status;
			m->vm_wait.killed = zombies[i].killed;
			zombies[i].endpt = zombies[i].parent = NONE;
			return OK;
		}
	}
	if (self == NULL || self->waits_any ||
	    (child == ANY ? !has_children(parent) :
	     p == NULL || p->parent != parent || p->parent_waits))
		return ECHILD;
	if (nohang) {
		self->notify_exit = 1;
		return EAGAIN;
	}
	if (child == ANY)
		self->waits_any = 1;
	else
		p->parent_waits = 1;
	return NO_REPLY;
}

/* VM_KILL: the victim's parent, or a system process, ends a process that
 * is not a system process. */
int procs_kill(endpoint_t requester, endpoint_t victim, int status)
{
	struct vmproc *v = vmproc_of(victim), *asker = vmproc_of(requester);

	if (v == NULL || asker == NULL)
		return ESRCH;
	if (v->parent != requester && !(asker->flags & PROC_SYSTEM))
		return ECHILD;
	if ((v->flags & PROC_SYSTEM) || v == asker)
		return EPERM;
	if (status < 0 || status > 255)
		return EINVAL;
	return sys_kill(victim, status);
}
