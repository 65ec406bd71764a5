"""What the crash tests share: stories to drop, dropping them as writers do, the drop folder's promise
checked afterwards, and a fresh PostgreSQL database for the group scripts. Standard library only."""
import glob, hashlib, json, os, random, subprocess, time
from urllib.parse import urlsplit, urlunsplit


def stories(count, rng, title):
    """`count` distinct stories by file name, each a sentence repeated one to six times."""
    contents = {}
    for i in range(count):
        body = (f"{title} {i}. The council met on day {i % 31} and voted {rng.randint(1, 99)} to "
                f"{rng.randint(1, 99)} on the harbour budget, item {i}. "
                * rng.randint(1, 6))
        contents[f"story-{i:05d}.txt"] = body.encode()
    return contents


def drop(inbox, contents, rng, kill_window):
    """Drops every story in name order: half written in place, half written as .part and renamed in,
    pausing now and then so that the drops spread over `kill_window` seconds."""
    names = sorted(contents)
    for index, name in enumerate(names):
        data = contents[name]
        if index % 2:
            with open(os.path.join(inbox, name), "wb") as f:
                f.write(data)
        else:
            temporary = os.path.join(inbox, name + ".part")
            with open(temporary, "wb") as f:
                f.write(data)
            os.rename(temporary, os.path.join(inbox, name))
        if index % 50 == 49:
            time.sleep(kill_window / max(1, len(names) / 50) * rng.random() * 2)


def check_promise(root, contents, outputs, problems):
    """Every input in done/ or failed/ (none failed, none unexpected), and every content with exactly one
    complete output line in the files `outputs` (a glob below root). Appends what is wrong to `problems`;
    returns (done, failed, lines, distinct, doubled, absent, torn, lines per output folder)."""
    names = sorted(contents)
    done = set(os.listdir(os.path.join(root, "done")))
    failed = {n for n in os.listdir(os.path.join(root, "failed")) if not n.endswith(".error.json")}
    finished = done | failed
    missing = [n for n in names if n not in finished]
    if missing:
        problems.append(f"{len(missing)} inputs in neither done/ nor failed/, e.g. {missing[:3]}")
    extra = sorted(finished - set(names))
    if extra:
        problems.append(f"{len(extra)} unexpected files in done/ or failed/, e.g. {extra[:3]}")
    if failed:
        problems.append(f"{len(failed)} inputs failed, e.g. {sorted(failed)[:3]}")
    expected = {hashlib.sha256(b).hexdigest(): n for n, b in contents.items()}
    counts, lines, torn, per_folder = {}, 0, 0, {}
    for path in sorted(glob.glob(os.path.join(root, outputs))):
        folder = os.path.basename(os.path.dirname(path))
        with open(path, "rb") as f:
            for raw in f:
                lines += 1
                per_folder[folder] = per_folder.get(folder, 0) + 1
                try:
                    document = json.loads(raw)
                except ValueError:
                    torn += 1
                    continue
                counts[document["id"]] = counts.get(document["id"], 0) + 1
    doubled = [expected.get(h, h) for h, c in counts.items() if c > 1]
    absent = [n for h, n in expected.items() if h not in counts]
    if torn:
        problems.append(f"{torn} output lines are not complete JSON")
    if doubled:
        problems.append(f"{len(doubled)} inputs written more than once, e.g. {doubled[:3]}")
    if absent:
        problems.append(f"{len(absent)} inputs have no output line, e.g. {absent[:3]}")
    return done, failed, lines, len(counts), doubled, absent, torn, per_folder


def fresh_database(url, prefix):
    """Creates an empty database on the server of `url` (with psql); returns its URL, the server's
    maintenance URL and the database's name."""
    parts = urlsplit(url)
    name = f"{prefix}_{os.getpid()}_{random.randrange(1 << 30)}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    subprocess.run(["psql", admin, "-qAtc", f"CREATE DATABASE {name}"], check=True)
    return urlunsplit(parts._replace(path="/" + name)), admin, name


def drop_database(admin, name):
    """Drops a database `fresh_database` made, closing its sessions."""
    subprocess.run(["psql", admin, "-qAtc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False)
