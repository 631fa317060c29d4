/*
 * VM_HOLD stops a child for a while the way VM stops a process whose
 * tables it edits (RTS_VMINHIBIT), so that tests can watch what that
 * does. A CLOCK alarm lets it go.
 */
#include "vm.h"

#define MAX_HOLDS 8

static struct hold {
	endpoint_t endpt;   /* NONE: unused */
	u64_t until;        /* tick at which it is let go */
} holds[MAX_HOLDS];

static u64_t now(void)
{
	u64_t ticks = 0;
	u32_t hz;

	sys_uptime(&ticks, &hz);
	return ticks;
}

/* Set the alarm for the earliest hold still to end. */
static void arm(void)
{
	u64_t t = now(), first = 0;
	int i;

	for (i = 0; i < MAX_HOLDS; i++)
		if (holds[i].endpt != NONE && (first == 0 || holds[i].until < first))
			first = holds[i].until;
	if (first != 0)
		sys_setalarm(first > t ? (u32_t)(first - t) : 1, NULL);
}

/* VM_HOLD: stop one's own child for m.vm_hold.ticks (1..1000). */
int do_hold(message *m)
{
	struct vmproc *child = vmproc_of(m->vm_hold.endpt);
	int i, r;

	if (child == NULL || child->parent != m->m_source)
		return ECHILD;
	if (m->vm_hold.ticks == 0 || m->vm_hold.ticks > 1000)
		return EINVAL;
	for (i = 0; i < MAX_HOLDS && holds[i].endpt != NONE; i++)
		if (holds[i].endpt == child->endpt)
			return EBUSY;
	if (i == MAX_HOLDS)
		return EBUSY;
	if ((r = sys_vmctl(VMCTL_INHIBIT, child->endpt, NULL)) != OK)
		return r;
	holds[i] = (struct hold){ child->endpt, now() + m->vm_hold.ticks };
	arm();
	return OK;
}

/* The CLOCK alarm: let go of every hold that is over. */
void hold_alarm(void)
{
	u64_t t = now();
	int i;

	for (i = 0; i < MAX_HOLDS; i++) {
		if (holds[i].endpt != NONE && holds[i].until <= t) {
			sys_vmctl(VMCTL_UNINHIBIT, holds[i].endpt, NULL);   /* it may have ended */
			holds[i].endpt = NONE;
		}
	}
	arm();
}

void holds_init(void)
{
	int i;

	for (i = 0; i < MAX_HOLDS; i++)
		holds[i].endpt = NONE;
}
