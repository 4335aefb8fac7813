"""Which Debian documentation packages the corpus is built from, and how they are fetched.

Every package is pinned (version, sha256 of the .deb) in ``packages.json``; ``fetch`` runs
``apt-get download <package>=<version>``, refuses a file whose sha256 differs, and unpacks it
with ``dpkg-deb -x`` (nothing is installed). ``lock`` rewrites ``packages.json`` from the
mirror's current candidates (run once when the package selection changes).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

LOCK_FILE = Path(__file__).with_name("packages.json")

# Reserved for an independent check (issue 12): never used here. Shell-style patterns.
EXCLUDED = (
    "apache2-doc", "bind9-doc", "clang-*-doc", "llvm-*-doc", "debian-handbook", "debian-policy",
    "debian-reference-*", "doc-debian", "git-doc", "gnu-standards", "postgresql-doc-*",
    "python3.*-doc", "rust-doc", "sphinx-doc", "sqlite3-doc", "manpages*", "bible-kjv*",
    "dict-devil", "dict-jargon", "focalinux-text", "fortunes*",
)


@dataclass(frozen=True)
class Package:
    name: str
    kind: str  # prose | api | tutorial | reference: what most of its pages are
    max_pages: int  # cap on HTML pages taken (a deterministic subset), 0 = none (not web)
    lang: str = "en"  # language of its pages; "dir": named by a directory of the page's path


# kind: what most pages of the package are; the page-level kind (code, table) is measured.
PACKAGES = (
    # Prose manuals (DocBook), several in translation: the same text in many languages.
    Package("installation-guide-amd64", "prose", 900, "dir"),
    Package("installation-guide-i386", "prose", 900, "dir"),  # near-copies of the amd64 pages
    Package("debian-faq", "prose", 40),
    Package("debian-faq-de", "prose", 40, "de"),
    Package("debian-faq-fr", "prose", 40, "fr"),
    Package("debian-faq-ja", "prose", 40, "ja"),
    Package("debian-faq-zh-cn", "prose", 40, "zh"),
    Package("maint-guide", "prose", 40),
    Package("maint-guide-es", "prose", 40, "es"),
    Package("maint-guide-fr", "prose", 40, "fr"),
    Package("maint-guide-ja", "prose", 40, "ja"),
    Package("maint-guide-zh-cn", "prose", 40, "zh"),
    Package("developers-reference", "prose", 40),
    Package("developers-reference-de", "prose", 40, "de"),
    Package("developers-reference-fr", "prose", 40, "fr"),
    Package("developers-reference-ja", "prose", 40, "ja"),
    Package("gimp-help-en", "prose", 450),
    Package("gimp-help-ja", "prose", 450, "ja"),
    Package("gimp-help-zh-cn", "prose", 450, "zh"),
    # API references: Doxygen, javadoc, Sphinx autodoc, CMake's reference.
    Package("libeigen3-doc", "api", 600),
    Package("libsdl2-doc", "api", 450),
    Package("libcommons-lang3-java-doc", "api", 500),
    Package("cmake-doc", "reference", 700),
    Package("python-sqlalchemy-doc", "api", 230),
    # Code-heavy tutorials and guides (Sphinx, Node's API docs, texinfo manuals).
    Package("python-django-doc", "tutorial", 700),
    Package("python-flask-doc", "tutorial", 100),
    Package("python-werkzeug-doc", "tutorial", 100),
    Package("python-jinja2-doc", "tutorial", 30),
    Package("python-pygments-doc", "tutorial", 40),
    Package("nodejs-doc", "tutorial", 80),
    Package("gettext-doc", "reference", 90),
    Package("octave-doc", "reference", 400),
    Package("r-doc-html", "reference", 20),
    # Translated help pages (Mallard XML, 40+ languages): the multilingual set only.
    Package("gnome-user-docs", "prose", 0),
)


def excluded(name: str) -> bool:
    from fnmatch import fnmatchcase

    return any(fnmatchcase(name, pattern) for pattern in EXCLUDED)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _deb_field(deb: Path, field: str) -> str:
    return subprocess.run(["dpkg-deb", "-f", str(deb), field], check=True,
                          capture_output=True, text=True).stdout.strip()


def _download(spec: str, debs: Path) -> Path:
    """``apt-get download spec`` into ``debs``; the path of the file it wrote."""
    before = set(debs.glob("*.deb"))
    subprocess.run(["apt-get", "download", "-q", spec], cwd=debs, check=True,
                   stdout=subprocess.DEVNULL)
    new = set(debs.glob("*.deb")) - before
    name = spec.split("=")[0]
    found = sorted(new) or sorted(debs.glob(f"{name}_*.deb"))
    if len(found) != 1:
        raise SystemExit(f"apt-get download {spec}: expected one .deb, found {found}")
    return found[0]


def lock(debs: Path) -> list[dict]:
    """Download the current candidate of every package and pin it in ``packages.json``."""
    debs.mkdir(parents=True, exist_ok=True)
    rows = []
    for package in PACKAGES:
        if excluded(package.name):
            raise SystemExit(f"{package.name} is on the exclusion list")
        for old in debs.glob(f"{package.name}_*.deb"):
            old.unlink()
        deb = _download(package.name, debs)
        rows.append({"package": package.name, "version": _deb_field(deb, "Version"),
                     "file": deb.name, "sha256": sha256_of(deb), "size": deb.stat().st_size})
    tmp = LOCK_FILE.with_suffix(".tmp")
    tmp.write_text(json.dumps(rows, indent=1) + "\n")
    os.replace(tmp, LOCK_FILE)
    return rows


def locked() -> dict[str, dict]:
    return {row["package"]: row for row in json.loads(LOCK_FILE.read_text())}


def fetch(debs: Path, unpacked: Path) -> dict[str, Path]:
    """Every pinned package downloaded (sha256 checked) and unpacked; package -> its root."""
    debs.mkdir(parents=True, exist_ok=True)
    pins = locked()
    roots = {}
    for package in PACKAGES:
        pin = pins[package.name]
        deb = debs / pin["file"]
        if not deb.exists() or sha256_of(deb) != pin["sha256"]:
            deb.unlink(missing_ok=True)
            deb = _download(f"{package.name}={pin['version']}", debs)
        digest = sha256_of(deb)
        if digest != pin["sha256"]:
            raise SystemExit(f"{deb.name}: sha256 {digest} != pinned {pin['sha256']}")
        root = unpacked / package.name
        marker = root / f".unpacked-{digest}"
        if not marker.exists():
            subprocess.run(["rm", "-rf", str(root)], check=True)
            root.mkdir(parents=True)
            subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
            marker.touch()
        roots[package.name] = root
    return roots
