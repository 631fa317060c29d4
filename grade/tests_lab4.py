"""Lab 4 tests: memory grants (and, to come, DS)."""

from grade.testdef import Test

OK_EXIT = r"init: .* exited with status 0"


def scenario(program: str, prefix: str, mode: str, points: int, description: str,
             extra: tuple[str, ...]) -> Test:
    """A test of one scenario of a test program: `PROGRAM MODE` runs it, and
    it passes on "PROGRAM MODE: ok" and a clean exit, after the extra lines."""
    return Test(
        name=f"{prefix}_{mode}",
        points=points,
        programs=(f"{program} {mode}",),
        expect=(*extra, rf"{program} {mode}: ok", OK_EXIT),
        lab=4,
        description=description,
    )


def grant(mode: str, points: int, description: str, *extra: str) -> Test:
    """A test of one granttest scenario."""
    return scenario("granttest", "grant", mode, points, description, extra)


TESTS: list[Test] = [
    grant("copy", 5, "safecopy from and to a direct grant is byte-exact at every offset and size "
          "class, and touches nothing outside the grant"),
    grant("errors", 5, "each check of a safecopy fails with its own error; a revoked id stays "
          "refused after its slot is reused"),
    grant("chain", 5, "indirect chains: rights and range are the intersection of every hop; depth, "
          "loops, magic without the privilege, a revoke and a middle granter's exit"),
    grant("raw", 4, "a hand-written table: malformed, stale, unreachable entries; bad SETGRANT and "
          "SAFECOPY arguments"),
    grant("many", 4, "hundreds of grants: the table grows under grants in use, slots are reused a "
          "generation on, memory comes back"),
    grant("vector", 3, "SYS_VSAFECOPY: elements in order, both ways, stopping at the first that "
          "fails"),
]


def ds(mode: str, points: int, description: str, *extra: str) -> Test:
    """A test of one dstest scenario."""
    return scenario("dstest", "ds", mode, points, description, extra)


TESTS += [
    ds("types", 4, "DS stores and returns every type exactly: numbers, strings, memory ranges "
       "through grants, labels"),
    ds("map", 4, "a mapped range is shared with whoever maps it, with no more access than "
       "published, and every mapping goes with a delete, an overwrite or the publisher's end"),
    ds("owners", 4, "only an entry's owner overwrites or deletes it; an ended owner's entries "
       "and the labels naming it go"),
    ds("subscribe", 5, "subscribers are notified and told each change in order, with anchored "
       "patterns, DSF_INITIAL and DSF_LOST; subscriptions end with their subscriber"),
    ds("limits", 4, "bad keys, types, sizes and grants, a full store, too many subscriptions: "
       "each its own error, nothing else harmed, DS's memory bounded"),
]

# Host checks (grade/hostcheck.py): lab 4's hole files compiled and run on
# the host, with the requests chosen and the answers judged outside them.
from grade import hostcheck  # noqa: E402

TESTS += hostcheck.tests(4)

TESTS.append(Test(
    name="shell_ds",
    points=2,
    programs=(),
    prompt=True,
    kernel_args="keys=ds_put_greeting_hello_there+ds_put_answer_42+ds+ds_get_answer+"
                "ds_del_answer+ds_get_answer+ds_del_nothere+ds_frob+halt+",
    expect=(r"greeting +string +owner +\d+ +\"hello there\"",
            r"answer +u32 +owner +\d+ +42 \(0x2a\)",
            r"^42 \(0x2a\)\r?$",
            r"ds: no entry answer",
            r"ds: del nothere: ENOENT",
            r"usage: ds \| ds get KEY"),
    lab=4,
    description="the prompt's ds command lists, gets, puts and deletes entries",
))


def cow(mode: str, points: int, description: str, *extra: str) -> Test:
    """A test of one cowtest scenario."""
    return scenario("cowtest", "cow", mode, points, description, extra)


TESTS += [
    cow("isolate", 5, "a safecopy of whole pages shares them copy-on-write; neither side sees the "
        "other's later writes, the process's own or the kernel's for it; memory comes back"),
    cow("fallback", 3, "partial pages, other offsets, small copies and text are copied exactly; "
        "text as the destination is refused with nothing changed"),
    cow("readonly", 2, "a write to a shared page goes on, but one to a read-only page that is not "
        "copy-on-write (text, the kernel's memory) still kills, with VM's report",
        r"vm: cowtest\(\d+\) killed: page fault at 0x40000000, eip 0x[0-9a-f]{8}, err 0x7 "
        r"\(write to a protected page\)",
        r"vm: cowtest\(\d+\) killed: page fault at 0x00100000, eip 0x[0-9a-f]{8}, err 0x7 "
        r"\(write to a protected page\)"),
]


# VM's report of a mapper killed for touching a safemapped page it may
# not: KIND is VM's words for the fault's error code (0x4 a read of a
# missing page, 0x6 a write of one, 0x7 a write to a read-only page).
def map_kill(err: str, kind: str) -> str:
    """The VM report line of a maptest actor killed at a safemap address."""
    return (rf"vm: maptest\(\d+\) killed: page fault at 0xb[0-9a-f]{{7}}, eip 0x4[0-9a-f]{{7}}, "
            rf"err {err} \({kind}\)")


READ_MISSING = map_kill("0x4", "read of a missing page")
WRITE_MISSING = map_kill("0x6", "write of a missing page")
WRITE_PROTECTED = map_kill("0x7", "write to a protected page")


def maptest(mode: str, points: int, description: str, *extra: str) -> Test:
    """A test of one maptest scenario; extra: lines expected before its summary."""
    return scenario("maptest", "map", mode, points, description, extra)


TESTS += [
    maptest("share", 5, "a writable and a read-only safemap share pages both ways at once; the "
            "kernel's copies and messages for the mapper land in them, into a read-only one they "
            "fail; a write to a read-only map kills", WRITE_PROTECTED),
    maptest("demand", 4, "safemap of heap, stack and mmap memory not yet touched gives the granter "
            "zeroed pages and shares them; memory that is not there is refused; text maps "
            "read-only only"),
    maptest("errors", 5, "each bad safemap argument and each grant check gets its own error; "
            "safeunmap takes only the start of one's own mapping"),
    maptest("unmap", 3, "safeunmap removes a whole mapping and nothing of the granter's; a read and "
            "a write there afterwards kill", READ_MISSING, WRITE_MISSING),
    maptest("revoke", 5, "saferevmap and cpf_revoke remove exactly the mappings of that grant and "
            "count them; a touch afterwards kills", READ_MISSING, WRITE_MISSING),
    maptest("chain", 5, "safemap through an indirect grant: every hop's rights and range; a revoke "
            "at either hop or the middle process's exit removes what was mapped through it",
            READ_MISSING),
    maptest("passon", 3, "a mapping granted on and mapped again lives no longer than the first: "
            "the granter's revmap or exit, or the first mapper's exit, end it; maps of maps are "
            "at most GRANT_MAX_DEPTH deep"),
    maptest("exit", 4, "the granter's exit removes its mappings, the mapper's exit gives its memory "
            "back and leaves the granter's as last written", WRITE_MISSING),
    maptest("cow", 5, "safemap and copy-on-write safecopy of the same pages in both orders: the "
            "sharers see each other's writes, the copy is a snapshot, across each party's exit"),
    maptest("tight", 3, "a big safemap with free pages set to each count around what it takes, "
            "page tables included: made or refused, and VM survives"),
    maptest("limits", 4, "SAFEMAP_PER_PROC mappings, a full safemap area and no free pages each "
            "give ENOMEM; everything works again afterwards"),
]
