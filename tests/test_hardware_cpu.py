"""The CPU from /proc/cpuinfo texts as x86 and Arm kernels write them."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes.machine import FakeMachine

from aibom.hardware import Hardware, detect_cpu
from aibom.hardware.cpu import parse_cpuinfo

AMD_EPYC = """processor\t: 0
vendor_id\t: AuthenticAMD
cpu family\t: 25
model\t\t: 17
model name\t: AMD EPYC 9654 96-Core Processor
physical id\t: 0
flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sse4_2 avx f16c avx2 fma bmi2 avx512f avx512dq avx512bw avx512vl \
avx512_bf16 avx512_vnni avx512ifma avx512vbmi avx512_vbmi2 sha_ni
bogomips\t: 4792.80

processor\t: 1
vendor_id\t: AuthenticAMD
model name\t: AMD EPYC 9654 96-Core Processor
physical id\t: 0
flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sse4_2 avx f16c avx2 fma bmi2 avx512f avx512dq avx512bw avx512vl \
avx512_bf16 avx512_vnni avx512ifma avx512vbmi avx512_vbmi2 sha_ni

"""

INTEL_TWO_SOCKETS = "".join(
    f"processor\t: {index}\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Platinum 8480+\n"
    f"physical id\t: {index // 2}\nflags\t\t: fpu avx avx2 avx512f avx512_fp16 amx_bf16 amx_tile amx_int8 avx_vnni\n\n"
    for index in range(4)
)

GRACE = """processor\t: 0
BogoMIPS\t: 2000.00
Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm jscvt fcma lrcpc dcpop \
sha3 sm3 sm4 asimddp sha512 sve asimdfhm dit uscat ilrcpc flagm ssbs sb paca pacg dcpodp sve2 sveaes svepmull \
svebitperm svesha3 svesm4 flagm2 frint svei8mm svebf16 i8mm bf16 dgh bti
CPU implementer\t: 0x41
CPU architecture: 8
CPU variant\t: 0x0
CPU part\t: 0xd4f
CPU revision\t: 0

processor\t: 1
Features\t: fp asimd sve sve2
CPU implementer\t: 0x41
CPU part\t: 0xd4f

"""

RASPBERRY_PI = """processor\t: 0
BogoMIPS\t: 108.00
Features\t: fp asimd evtstrm crc32 cpuid
CPU implementer\t: 0x41
CPU part\t: 0xd08

Hardware\t: BCM2835
Revision\t: c03112
Model\t\t: Raspberry Pi 4 Model B Rev 1.2
"""

UNKNOWN_ARM = "processor\t: 0\nFeatures\t: fp asimd\nCPU implementer\t: 0x99\nCPU part\t: 0x123\n"


def test_amd_epyc_one_socket() -> None:
    assert parse_cpuinfo(AMD_EPYC) == Hardware(
        name="AMD EPYC 9654 96-Core Processor",
        hardware_class="cpu",
        vendor="AMD",
        model="AMD EPYC 9654 96-Core Processor",
        count=1,
        features=(
            "avx",
            "avx2",
            "avx512_bf16",
            "avx512_vbmi2",
            "avx512_vnni",
            "avx512bw",
            "avx512dq",
            "avx512f",
            "avx512ifma",
            "avx512vbmi",
            "avx512vl",
            "f16c",
            "fma",
            "sse4_2",
        ),
    )


def test_intel_two_sockets_with_amx() -> None:
    cpu = parse_cpuinfo(INTEL_TWO_SOCKETS)
    assert cpu is not None
    assert (cpu.vendor, cpu.model, cpu.count) == ("Intel", "Intel(R) Xeon(R) Platinum 8480+", 2)
    assert {"amx_bf16", "amx_tile", "amx_int8", "avx512_fp16", "avx_vnni"} <= set(cpu.features)


def test_nvidia_grace_is_arm_neoverse_v2_with_sve2() -> None:
    cpu = parse_cpuinfo(GRACE)
    assert cpu is not None
    assert (cpu.vendor, cpu.model, cpu.count) == ("Arm", "Arm Neoverse V2", 1)
    assert cpu.features == (
        "asimd",
        "asimddp",
        "asimdhp",
        "bf16",
        "fphp",
        "i8mm",
        "sve",
        "sve2",
        "svebf16",
        "svei8mm",
    )


def test_arm_board_model_line_names_the_cpu() -> None:
    cpu = parse_cpuinfo(RASPBERRY_PI)
    assert cpu is not None
    assert (cpu.vendor, cpu.model, cpu.features) == ("Arm", "Raspberry Pi 4 Model B Rev 1.2", ("asimd",))


def test_unknown_arm_implementer_and_part() -> None:
    cpu = parse_cpuinfo(UNKNOWN_ARM)
    assert cpu is not None and (cpu.vendor, cpu.model) == (None, "CPU part 0x123")


@pytest.mark.parametrize("text", ["", "\n\n", "garbage without fields", "flags : avx2\n"])
def test_no_processor_is_no_cpu(text: str) -> None:
    assert parse_cpuinfo(text) is None


def test_detect_cpu_reads_proc_root(tmp_path: Path) -> None:
    machine = FakeMachine(tmp_path)
    assert detect_cpu(proc_root=machine.proc) is None  # no cpuinfo file
    machine.cpuinfo(INTEL_TWO_SOCKETS)
    assert detect_cpu(proc_root=machine.proc) == parse_cpuinfo(INTEL_TWO_SOCKETS)
    (machine.proc / "cpuinfo").write_bytes(b"\xff\xfe binary")
    assert detect_cpu(proc_root=machine.proc) is None
    assert detect_cpu(proc_root=tmp_path / "missing") is None


def test_the_cpu_component_reads_back() -> None:
    cpu = parse_cpuinfo(GRACE)
    assert cpu is not None
    component = cpu.to_cyclonedx()
    assert component.bom_ref == "device:Arm-Neoverse-V2"
    features = [p.value for p in component.properties if p.name == "aibom:hardware:features"]
    assert features == ["asimd", "asimddp", "asimdhp", "bf16", "fphp", "i8mm", "sve", "sve2", "svebf16", "svei8mm"]
    assert Hardware.from_cyclonedx(component) == cpu
