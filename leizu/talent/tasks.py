"""Background work of talent: imports and the classification of what they added.

Run by ``manage.py db_worker`` (django-tasks' database backend). The import task enqueues the
classification task when it has added postings, so the job's page shows both phases.
"""

from django_tasks import task

from leizu.talent.models import ImportStatus


@task()
def import_evidence(job_id: str) -> str:
    from leizu.talent import io

    job = io.run_import(job_id)
    if job.status == ImportStatus.CLASSIFYING:
        classify_import.enqueue(job_id)
    return str(job.status)


@task()
def classify_import(job_id: str) -> str:
    from leizu.talent import io

    return str(io.run_classification(job_id).status)


@task()
def classify_unclassified() -> int:
    """Classify postings stored without a machine decision (e.g. after an engine upgrade)."""
    from leizu.talent.classification import classify_pending

    return classify_pending()
