"""plotly.js for the site: the official "basic" bundle (bar, scatter, pie) from npm.

The package is fetched once with the npm client at a pinned version, checked against its
pinned integrity hash, and kept under ``.cache/npm/``; the site serves the minified bundle
and its licence side by side. The full bundle that ships inside the plotly Python package
(same plotly.js version) is kept available for page-weight comparisons.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import BenchError

log = logging.getLogger(__name__)

# Where the site serves plotly.js; docs/assets/charts.js loads it from this path.
BUNDLE_PATH = "assets/vendor/plotly.min.js"
LICENCE_PATH = "assets/vendor/plotly.min.js.LICENSE.txt"


@dataclass(frozen=True)
class NpmPackage:
    """A package pinned by version and by the registry's SHA-512 integrity of its tarball."""

    name: str
    version: str
    integrity: str
    bundle: str  # path of the minified bundle inside the package

    @property
    def tarball(self) -> str:
        return f"{self.name}-{self.version}.tgz"


# 4.1.1 is the plotly.js version the plotly Python package ships, so charts built with
# plotly.py draw the same in the browser as in the exported images.
BASIC = NpmPackage(
    name="plotly.js-basic-dist-min",
    version="4.1.1",
    integrity="sha512-1oNF8PeQx2hv/y7tqEVWKD3JGwn/MGEMQ8mL9HUwsaqG9FGy/OU5FHUHvzqbqxN4mnwZGI9abTiE"
    "775C4kkjMQ==",
    bundle="package/plotly-basic.min.js",
)


def cache_dir() -> Path:
    """``.cache/`` of the working directory, or ``$BENCHSITE_CACHE``."""
    return Path(os.environ.get("BENCHSITE_CACHE", ".cache"))


def plotly_files() -> dict[str, bytes]:
    """The basic bundle and its licence, keyed by their paths under ``docs/``."""
    bundle, licence = unpacked(BASIC)
    log.info(
        "Vendored %s@%s (%d kB) with its licence",
        BASIC.name,
        BASIC.version,
        len(bundle) // 1000,
    )
    return {BUNDLE_PATH: bundle, LICENCE_PATH: licence}


def bundle_file() -> Path:
    """The basic bundle as a file of its own in the cache, for the image exporter."""
    path = cache_dir() / "npm" / f"{BASIC.name}-{BASIC.version}.js"
    bundle, _ = unpacked(BASIC)
    if not path.exists() or path.read_bytes() != bundle:
        path.write_bytes(bundle)
    return path


def unpacked(package: NpmPackage) -> tuple[bytes, bytes]:
    """The package's minified bundle and its licence."""
    with tarfile.open(fetch(package, cache_dir() / "npm"), "r:gz") as archive:
        return member(archive, package.bundle), member(archive, "package/LICENSE")


def full_bundle() -> bytes:
    """The full plotly.js bundle shipped inside the plotly Python package."""
    return (resources.files("plotly") / "package_data" / "plotly.min.js").read_bytes()


def fetch(package: NpmPackage, folder: Path) -> Path:
    """The package tarball, from the cache or else from the registry with ``npm pack``."""
    path = folder / package.tarball
    if path.exists() and integrity(path) == package.integrity:
        return path
    npm = shutil.which("npm")
    if npm is None:
        raise BenchError(
            f"npm is needed once to fetch {package.name}@{package.version} "
            f"into {folder}; install Node.js and npm"
        )
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [
            npm,
            "pack",
            f"{package.name}@{package.version}",
            "--pack-destination",
            str(folder),
            "--silent",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if done.returncode != 0 or not path.exists():
        raise BenchError(
            f"npm pack {package.name}@{package.version} failed:\n"
            f"{done.stderr.strip() or done.stdout.strip()}"
        )
    if integrity(path) != package.integrity:
        path.unlink()
        raise BenchError(
            f"{package.tarball} from the registry does not match its pinned "
            "integrity hash; refusing to serve it"
        )
    return path


def integrity(path: Path) -> str:
    """The tarball's Subresource-Integrity style SHA-512, as the npm registry records it."""
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode("ascii")


def member(archive: tarfile.TarFile, name: str) -> bytes:
    extracted = archive.extractfile(name)
    if extracted is None:
        raise BenchError(f"{name} is missing from {archive.name!s}")
    return extracted.read()
