"""Facts about a plugin executable, read with LIEF, printed as JSON: its format and CPU, the
SEA blob Node finds in it, whether Node's SEA fuse is flipped, and for Mach-O its code
signature, checked against the file the way the kernel checks an ad-hoc signature (every page's
SHA-256 equal to its CodeDirectory slot)."""

import hashlib
import json
import struct
import sys

import lief

FUSE = b"NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2"
# Code signing blob magics and CodeDirectory flags (xnu osfmk/kern/cs_blobs.h).
CSMAGIC_EMBEDDED_SIGNATURE = 0xFADE0CC0
CSMAGIC_CODEDIRECTORY = 0xFADE0C02
CS_ADHOC = 0x2
CS_HASHTYPE_SHA256 = 2


def sha256(data) -> str:
    return hashlib.sha256(bytes(data)).hexdigest()


def pe_facts(binary: lief.PE.Binary) -> dict:
    blob = None
    for node in binary.resources.childs:
        if node.id != 10:  # RT_RCDATA, where postject puts a PE resource
            continue
        for named in node.childs:
            if named.has_name and named.name == "NODE_SEA_BLOB":
                blob = sha256(named.childs[0].content)
    return {
        "format": "PE",
        "machine": str(binary.header.machine).split(".")[-1],
        "signatures": len(binary.signatures),
        "blob": blob,
    }


def code_signature(data: bytes, binary: lief.MachO.Binary) -> dict:
    cs = binary.code_signature
    sig = data[cs.data_offset : cs.data_offset + cs.data_size]
    magic, _length, count = struct.unpack(">III", sig[:12])
    assert magic == CSMAGIC_EMBEDDED_SIGNATURE, hex(magic)
    for i in range(count):
        _slot, offset = struct.unpack(">II", sig[12 + 8 * i : 20 + 8 * i])
        if struct.unpack(">I", sig[offset : offset + 4])[0] == CSMAGIC_CODEDIRECTORY:
            cd = sig[offset:]
            break
    else:
        return {"codeDirectory": False}
    flags, hash_offset, ident_offset = struct.unpack(">III", cd[12:24])
    n_code_slots, code_limit = struct.unpack(">II", cd[28:36])
    hash_size, hash_type = cd[36], cd[37]
    page_size = 1 << cd[39]
    identifier = cd[ident_offset : cd.index(b"\0", ident_offset)].decode()
    pages_match = hash_type == CS_HASHTYPE_SHA256 and all(
        hashlib.sha256(data[p * page_size : min((p + 1) * page_size, code_limit)]).digest()
        == cd[hash_offset + p * hash_size : hash_offset + (p + 1) * hash_size]
        for p in range(n_code_slots)
    )
    return {
        "codeDirectory": True,
        "adhoc": bool(flags & CS_ADHOC),
        "identifier": identifier,
        "codeLimit": code_limit,
        "signatureOffset": cs.data_offset,
        "pages": n_code_slots,
        "pagesMatch": pages_match,
    }


def macho_facts(path: str, data: bytes) -> dict:
    fat = lief.MachO.parse(path)
    binary = fat.at(0)
    segment = binary.get_segment("NODE_SEA")
    section = segment.get_section("__NODE_SEA_BLOB") if segment else None
    return {
        "format": "MachO",
        "binaries": fat.size,
        "machine": str(binary.header.cpu_type).split(".")[-1],
        "blob": sha256(section.content) if section else None,
        "signature": code_signature(data, binary) if binary.has_code_signature else None,
    }


def elf_facts(binary: lief.ELF.Binary) -> dict:
    return {"format": "ELF", "machine": str(binary.header.machine_type).split(".")[-1]}


def facts(path: str) -> dict:
    with open(path, "rb") as f:
        data = f.read()
    fuse = data.find(FUSE + b":")
    common = {"fuse": data[fuse + len(FUSE) + 1 : fuse + len(FUSE) + 2].decode() if fuse >= 0 else None}
    if lief.is_macho(path):
        return {**common, **macho_facts(path, data)}
    binary = lief.parse(path)
    if isinstance(binary, lief.PE.Binary):
        return {**common, **pe_facts(binary)}
    return {**common, **elf_facts(binary)}


if __name__ == "__main__":
    lief.logging.disable()
    print(json.dumps({path: facts(path) for path in sys.argv[1:]}))
