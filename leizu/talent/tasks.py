"""Background work of talent: imports, the classification of what they added, and the
classification of postings left without a machine decision.

Run by ``manage.py worker`` (django-tasks' database backend). Both import tasks run the job's
recorded stage (``io.advance``) and queue the next one, so a job whose worker died goes on from
where it was when the recurring sweep (``leizu.core.jobs``) queues it again.
"""

from django_tasks import task

from leizu.core import jobs

LEFTOVERS_CHUNK = 5000
LEFTOVERS_PRIORITY = -20  # after every import


@task()
def import_evidence(job_id: str) -> str:
    from leizu.talent import io

    return jobs.retry_when_locked(lambda: io.advance(job_id))


@task()
def classify_import(job_id: str) -> str:
    from leizu.talent import io

    return jobs.retry_when_locked(lambda: io.advance(job_id))


@task()
def classify_unclassified() -> int:
    """Classify postings stored without a machine decision (an import's classification was
    given up, the engine was upgraded), a chunk at a time, after every import."""
    from leizu.talent.classification import classify_pending

    done = jobs.retry_when_locked(
        lambda: classify_pending(limit=LEFTOVERS_CHUNK, leftovers_only=True)
    )
    if done >= LEFTOVERS_CHUNK:
        jobs.enqueue_once(classify_unclassified, priority=LEFTOVERS_PRIORITY)
    return done


@task()
def reclassify_affected(text: str, language: str) -> int:
    """After an alias or skill was added or removed: mark the postings it could affect, then
    the leftover classification decides them again."""
    from leizu.talent.classification import mark_affected

    marked = jobs.retry_when_locked(lambda: mark_affected(text, language))
    if marked:
        jobs.enqueue_once(classify_unclassified, priority=LEFTOVERS_PRIORITY)
    return marked


def sweep_imports() -> int:
    """Part of the recurring sweep: imports whose worker died go on."""
    from leizu.talent import io

    return io.imports_recover()


def sweep_unclassified() -> bool:
    """Part of the recurring sweep: queue the classification of leftover postings."""
    from leizu.talent.classification import has_leftovers

    if not has_leftovers():
        return False
    jobs.enqueue_once(classify_unclassified, priority=LEFTOVERS_PRIORITY)
    return True


jobs.register_sweep(sweep_imports)
jobs.register_sweep(sweep_unclassified)
