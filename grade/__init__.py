"""The Mica grader: boots the system under QEMU once per test and judges
the serial console.  Run it as grade/grade; see doc/grader.md."""
