"""Every file the program reads or writes goes through here.

Reading (:func:`read_capped`): only regular files (a FIFO, ``/dev/zero`` or a
symbolic link to them is refused before a byte is read), at most ``limit``
bytes, one :class:`InputError` naming the file for each way it can fail. Each
file read is remembered so that no command writes over its own input.

Writing (:func:`write_file`, :func:`write_files`): whole or not at all (a
temporary file in the same folder, then a rename), an existing file keeps its
mode and a new one gets ``0o666`` less the umask, a device or a FIFO given as
the destination (``--out /dev/null``) is written directly and never replaced,
a symbolic link is never followed to replace what it points to, and every
failure is one :class:`InputError` naming the file the user gave.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_file(folder / "a.txt", "hello\\n", item="--out")
PosixPath('...a.txt')
>>> read_capped(folder / "a.txt", limit=100)
b'hello\\n'
>>> read_capped(folder / "a.txt", limit=3)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
stability.errors.InputError: ...a.txt: file too large: 6 bytes (the limit for a file is 3 bytes)
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

from stability.errors import InputError, shown_path

#: Largest scenario or conflict TOML file read, in bytes.
MAX_TOML_BYTES = 4_000_000
#: Largest JSON game document read, in bytes.
MAX_JSON_BYTES = 8_000_000
#: Largest Gambit .nfg file read, in bytes (the declared dimensions bound it further).
MAX_NFG_BYTES = 64_000_000

#: (device, inode) of every file read by this process: never written over.
_INPUTS: set[tuple[int, int]] = set()

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def _reason(err: OSError) -> str:
    if err.errno == errno.ENAMETOOLONG:
        return "file name too long"
    if err.errno == errno.ELOOP:
        return "too many levels of symbolic links (a loop?)"
    if err.errno == errno.ENOENT:
        return "no such file or folder"
    if err.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if err.errno == errno.ENOTDIR:
        return "a part of the path is not a folder"
    if err.errno == errno.ENOSPC:
        return "no space left on the device"
    if err.errno == errno.EROFS:
        return "read-only file system"
    return err.strerror or str(err)


def remember_input(path: str | Path) -> None:
    """Note that ``path`` is an input of this command (so it is never written over)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return
    _INPUTS.add((info.st_dev, info.st_ino))


def read_capped(
    path: str | Path, *, limit: int, what: str = "file", source: str | None = None
) -> bytes:
    """The bytes of the regular file ``path``, refusing anything over ``limit`` bytes.

    Non-regular files (FIFOs, devices, directories, links to them) are refused
    without reading: they may never end. Messages name ``source`` (default: the path).
    """
    source = str(path) if source is None else source
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as err:
        if err.errno == errno.ENOENT:
            raise InputError(f"no such {what}", source=source) from None
        if err.errno == errno.EISDIR:
            raise InputError(f"is a directory, expected a {what}", source=source) from None
        raise InputError(f"cannot read: {_reason(err)}", source=source) from None
    except ValueError as err:  # an embedded NUL in the name
        raise InputError(f"cannot read: {err}", source=source) from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"is a directory, expected a {what}", source=source)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                f"is {_kind(info.st_mode)}, not a regular file; expected a {what}",
                source=source,
            )
        if info.st_size > limit:
            raise InputError(_too_large(info.st_size, limit, what), source=source)
        chunks = []
        size = 0
        while size <= limit:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise InputError(_too_large(size, limit, what, grew=True), source=source)
        _INPUTS.add((info.st_dev, info.st_ino))
        return b"".join(chunks)
    except OSError as err:
        raise InputError(f"cannot read: {_reason(err)}", source=source) from None
    finally:
        os.close(descriptor)


def _too_large(size: int, limit: int, what: str, *, grew: bool = False) -> str:
    have = f"more than {limit:,} bytes" if grew else f"{size:,} bytes"
    return f"file too large: {have} (the limit for a {what} is {limit:,} bytes)"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _folder(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _write_error(path: Path, item: str | None, err: OSError) -> InputError:
    return InputError(f"cannot write: {_reason(err)}", source=str(path), item=item)


def _check_destination(path: Path, item: str | None) -> os.stat_result | None:
    """What is at ``path`` now (``None``: nothing); refuses what must not be replaced.

    Returns the ``lstat`` of a regular file to replace, or the ``stat`` of a device
    or FIFO to write directly.
    """
    try:
        folder_info = os.stat(_folder(path))
    except (OSError, ValueError) as err:
        if isinstance(err, OSError) and err.errno not in (errno.ENOENT, errno.ENOTDIR):
            raise _write_error(path, item, err) from None
        raise InputError(
            f"no such folder: {shown_path(str(_folder(path)))}",
            source=str(path),
            item=item,
        ) from None
    if not stat.S_ISDIR(folder_info.st_mode):
        raise InputError("the folder to write into is not a folder", source=str(path), item=item)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as err:
        raise _write_error(path, item, err) from None
    if stat.S_ISLNK(info.st_mode):
        try:
            target = os.stat(path)
        except OSError as err:
            raise InputError(
                f"is a symbolic link that leads nowhere ({_reason(err)}); "
                "refusing to write through it",
                source=str(path),
                item=item,
            ) from None
        if stat.S_ISCHR(target.st_mode) or stat.S_ISFIFO(target.st_mode):
            return target
        raise InputError(
            f"is a symbolic link (to {shown_path(os.readlink(path))}); refusing to replace "
            "the file it points to: write to that file itself, or remove the link",
            source=str(path),
            item=item,
        )
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a directory, expected a file to write", source=str(path), item=item)
    if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        return info
    if not stat.S_ISREG(info.st_mode):
        raise InputError(
            f"is {_kind(info.st_mode)}; refusing to replace it", source=str(path), item=item
        )
    if (info.st_dev, info.st_ino) in _INPUTS:
        raise InputError(
            "is a file this command reads; refusing to write over it (choose another name)",
            source=str(path),
            item=item,
        )
    return info


def _bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def _write_direct(path: Path, data: bytes, item: str | None) -> None:
    """Write to a device or FIFO as it is (``/dev/null``): never replace it."""
    try:
        descriptor = os.open(path, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        if err.errno == errno.ENXIO:
            raise InputError(
                "is a FIFO with no reader; refusing to wait for one", source=str(path), item=item
            ) from None
        raise _write_error(path, item, err) from None
    try:
        os.set_blocking(descriptor, True)
        view = memoryview(data)
        while view:
            written = os.write(descriptor, view)
            view = view[written:]
    except OSError as err:
        raise _write_error(path, item, err) from None
    finally:
        os.close(descriptor)


def _temporary_copy(folder: Path, name: str, data: bytes, mode: int) -> Path:
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name[:100]}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def check_destination(path: str | Path, *, item: str | None = None) -> None:
    """Refuse now, with :func:`write_file`'s message, a ``path`` it would refuse
    (a missing folder, a folder that is not one, a directory at ``path``): for
    commands that compute for a while before they write."""
    _check_destination(Path(path), item)


def write_file(path: str | Path, content: str | bytes, *, item: str | None = None) -> Path:
    """Write ``content`` (text as UTF-8) to ``path``, whole or not at all.

    ``item`` names the option the path came from (``"--out"``) in messages.
    """
    path = Path(path)
    data = _bytes(content)
    existing = _check_destination(path, item)
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        _write_direct(path, data, item)
        return path
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~_umask()
    try:
        temporary = _temporary_copy(_folder(path), path.name, data, mode)
    except OSError as err:
        raise _write_error(path, item, err) from None
    try:
        os.replace(temporary, path)
    except OSError as err:
        temporary.unlink(missing_ok=True)
        raise _write_error(path, item, err) from None
    return path


def write_together(
    files: Mapping[str | Path, str | bytes], *, item: str | None = None
) -> list[Path]:
    """Write several regular files as one: each into a temporary file beside it,
    and only once all are whole, each renamed into place. A failure on any (a full
    disk) leaves every destination as it was, and no temporary file behind.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> [p.name for p in write_together({folder / "a.md": "a", folder / "b.md": "b"})]
    ['a.md', 'b.md']
    """
    targets = [Path(p) for p in files]
    modes: list[int] = []
    for path in targets:
        existing = _check_destination(path, item)
        if existing is not None and not stat.S_ISREG(existing.st_mode):
            raise InputError(
                f"is {_kind(existing.st_mode)}; expected a regular file", source=str(path),
                item=item,
            )
        modes.append(stat.S_IMODE(existing.st_mode) if existing else 0o666 & ~_umask())
    staged: list[Path] = []
    try:
        for path, body, mode in zip(targets, files.values(), modes, strict=True):
            try:
                staged.append(_temporary_copy(_folder(path), path.name, _bytes(body), mode))
            except OSError as err:
                raise _write_error(path, item, err) from None
        for temporary, path in zip(staged, targets, strict=True):
            os.replace(temporary, path)
    finally:
        for temporary in staged:
            temporary.unlink(missing_ok=True)
    return targets


def write_files(
    path: str | Path,
    content: str | bytes,
    folder_name: str,
    files: Mapping[str, str | bytes],
    *,
    item: str | None = None,
) -> list[Path]:
    """Write ``path`` and the folder ``folder_name`` beside it holding ``files``, as one.

    Everything is written into a temporary folder first and then moved into
    place, so a failure (a full disk) leaves what was there before. An existing
    folder of that name is replaced only when it holds nothing but files of the
    names being written (a previous run's); anything else there is refused.
    Returns the files written, ``path`` last.
    """
    path = Path(path)
    existing = _check_destination(path, item)
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise InputError(
            f"is {_kind(existing.st_mode)}; a report with a folder of pictures must be a "
            "regular file",
            source=str(path),
            item=item,
        )
    parent = _folder(path)
    folder = parent / folder_name
    old_folder = _check_folder(folder, set(files), item)
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~_umask()
    try:
        staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{path.name[:100]}."))
    except OSError as err:
        raise _write_error(path, item, err) from None
    written: list[Path] = []
    try:
        try:
            new_folder = staging / "files"
            new_folder.mkdir(mode=0o777)
            os.chmod(new_folder, 0o777 & ~_umask())
            for name, body in files.items():
                target = new_folder / name
                target.write_bytes(_bytes(body))
                os.chmod(target, 0o666 & ~_umask())
                written.append(folder / name)
            main = _temporary_copy(staging, path.name, _bytes(content), mode)
            if old_folder:
                os.rename(folder, staging / "old")
            try:
                os.rename(new_folder, folder)
            except OSError:
                if old_folder:
                    os.rename(staging / "old", folder)
                raise
            os.replace(main, path)
        except OSError as err:
            raise _write_error(path, item, err) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [*written, path]


def _check_folder(folder: Path, names: set[str], item: str | None) -> bool:
    """Whether a previous run's ``folder`` is there to replace; refuses anything else."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return False
    except OSError as err:
        raise _write_error(folder, item, err) from None
    if not stat.S_ISDIR(info.st_mode) or stat.S_ISLNK(info.st_mode):
        raise InputError(
            f"is taken by {'a symbolic link' if stat.S_ISLNK(info.st_mode) else 'a file'}; "
            "the pictures need a folder of that name (move it or choose another --out)",
            source=str(folder),
            item=item,
        )
    try:
        entries = list(os.scandir(folder))
    except OSError as err:
        raise _write_error(folder, item, err) from None
    others = [
        e.name
        for e in entries
        if not e.is_file(follow_symlinks=False)
        or (e.name not in names and not e.name.endswith(".svg"))
    ]
    if others:
        raise InputError(
            f"already holds other files ({shown_path(others[0])}…); refusing to replace it "
            "(move it or choose another --out)",
            source=str(folder),
            item=item,
        )
    for entry in entries:
        if (entry.stat(follow_symlinks=False).st_dev, entry.inode()) in _INPUTS:
            raise InputError(
                "holds a file this command reads; refusing to replace it",
                source=str(folder),
                item=item,
            )
    return True


__all__ = [
    "MAX_JSON_BYTES",
    "MAX_NFG_BYTES",
    "MAX_TOML_BYTES",
    "read_capped",
    "remember_input",
    "write_file",
    "write_files",
]
