"""The tables that hold uploaded datasets, their spend lines and who did what.

These classes are the schema as the code wants it now; the databases get
there through the Alembic revisions in store/migrations/versions (see
store/migrate.py), so a change here needs a revision beside it.

One uploaded file is one `datasets` row; its tidy lines and the totals the
file itself declares hang off it and go when it goes. The original bytes are
kept so anyone can download exactly what was uploaded and check a figure.

Nothing is removed by the dashboard: deleting a dataset stamps deleted_at and
deleted_by, every read leaves such rows out (UNDELETED), and an admin can undo
it (store/deletions.py). The audit log only grows: revision 0005 gives it
triggers that refuse UPDATE and DELETE.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# cap and funding_received (0008) are shown and never added to spend (analysis/selection.py).
DATASET_KINDS = ("framework", "allocation", "decision", "cap", "funding_received")
DECLARED_TOTAL_KINDS = ("subtotal", "grand_total", "allocation")

DECLARED_TOTAL_COLUMNS = [
    "area",
    "label",
    "kind",
    "strategic_area",
    "financial_year",
    "declared_gbp",
    "source_file",
    "source_sheet",
    "source_row",
]
# The loader says which source rows a total adds up, so it can be re-checked
# later; totals built by hand may not know, hence optional.
DECLARED_TOTAL_RANGE_COLUMNS = ["covers_from_row", "covers_to_row"]


class UTCDateTime(TypeDecorator):
    """A timestamp that always comes back timezone-aware in UTC.

    SQLite has no timezone type and hands back naive datetimes, PostgreSQL
    hands back aware ones; pages compare and format them, so both must agree.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _money() -> Numeric:
    # Pounds and pence, handed to Python as float: every frame in the app uses
    # float amounts, and Decimal would leak into pandas as object columns.
    return Numeric(14, 2, asdecimal=False)


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class Dataset(Base):
    __tablename__ = "datasets"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_quoted(DATASET_KINDS)})", name="kind"),
        CheckConstraint("version >= 1", name="version"),
        # Two people replacing the same dataset at once must not both become version 2.
        UniqueConstraint("lineage_id", "version"),
        # The same file in two current datasets would double every figure; a deleted file may be
        # uploaded again, and a restored version holds the same file as the one it copies (0006).
        Index("uq_datasets_sha256_current", "sha256", unique=True,
              sqlite_where=text("deleted_at IS NULL AND is_current"),
              postgresql_where=text("deleted_at IS NULL AND is_current")),
        CheckConstraint("deleted_at IS NULL OR NOT is_current", name="deleted_not_current"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    area: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    financial_years: Mapped[str] = mapped_column(Text)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    uploaded_by: Mapped[str] = mapped_column(String(200))
    original_filename: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    original_bytes: Mapped[bytes] = mapped_column(LargeBinary)
    row_count: Mapped[int] = mapped_column(Integer)
    total_gbp: Mapped[float] = mapped_column(_money())
    citation: Mapped[str | None] = mapped_column(Text)
    sheet: Mapped[str | None] = mapped_column(String(300))
    header_row: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("datasets.id", ondelete="SET NULL")
    )
    is_current: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    # Not a foreign key: the first version may be deleted while later ones live on,
    # and the history must still be one query.
    lineage_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # How the loader read the file (sheet, header rows, each column's role, year
    # source, unit), as the JSON document the loader wrote; None for datasets
    # stored before layouts were kept. Each version keeps its own.
    layout_json: Mapped[str | None] = mapped_column(Text)
    # Set together when an admin deletes this version; cleared by an undo.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_by: Mapped[str | None] = mapped_column(String(200))
    # The version this one was copied from when someone made it current again (store/versions.py).
    restored_from_id: Mapped[int | None] = mapped_column(Integer)
    # Staff's own notes on the dataset (what it covers, a caveat), editable after upload (0007).
    notes: Mapped[str | None] = mapped_column(Text)


# Every read of datasets, their lines and their totals filters on this.
UNDELETED = Dataset.deleted_at.is_(None)


class SpendLine(Base):
    __tablename__ = "spend_lines"
    # Serves both the cascade on delete and load_spend's ordering.
    __table_args__ = (Index("ix_spend_lines_dataset_row", "dataset_id", "source_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"))
    area: Mapped[str] = mapped_column(Text)
    strategic_area: Mapped[str] = mapped_column(Text)
    service: Mapped[str] = mapped_column(Text)
    provider: Mapped[str] = mapped_column(Text)
    provision: Mapped[str] = mapped_column(Text)
    commissioning_type: Mapped[str] = mapped_column(Text)
    funding_partners: Mapped[str] = mapped_column(Text)
    geography: Mapped[str] = mapped_column(Text)
    financial_year: Mapped[str] = mapped_column(String(7))
    amount_gbp: Mapped[float] = mapped_column(_money())
    source_file: Mapped[str] = mapped_column(Text)
    source_sheet: Mapped[str] = mapped_column(Text)
    source_row: Mapped[int] = mapped_column(Integer)
    # The cell's column letter; None for lines stored before revision 0003.
    source_column: Mapped[str | None] = mapped_column(String(3))


class DeclaredTotal(Base):
    """A total printed in the source file, kept to check our sums against."""

    __tablename__ = "declared_totals"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_quoted(DECLARED_TOTAL_KINDS)})", name="kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(
        ForeignKey("datasets.id", ondelete="CASCADE"), index=True
    )
    area: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    # A grand total belongs to no strategic area.
    strategic_area: Mapped[str | None] = mapped_column(Text)
    financial_year: Mapped[str] = mapped_column(String(7))
    declared_gbp: Mapped[float] = mapped_column(_money())
    covers_from_row: Mapped[int | None] = mapped_column(Integer)
    covers_to_row: Mapped[int | None] = mapped_column(Integer)
    source_file: Mapped[str] = mapped_column(Text)
    source_sheet: Mapped[str] = mapped_column(Text)
    source_row: Mapped[int] = mapped_column(Integer)


class ProviderAlias(Base):
    """Maps a provider spelling found in a file to the one name the dashboard shows."""

    __tablename__ = "provider_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alias: Mapped[str] = mapped_column(String(500), unique=True)
    canonical_name: Mapped[str] = mapped_column(String(500))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class AuditEntry(Base):
    """One change to the store. Append-only: database triggers refuse UPDATE and DELETE (revision 0005)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    user: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    # Not a foreign key: the record of a deletion must outlive the dataset.
    dataset_id: Mapped[int | None] = mapped_column(Integer, index=True)
    detail: Mapped[str] = mapped_column(Text, default="")


class Scenario(Base):
    """A saved what-if plan: a baseline dataset/year and the changes made to it."""

    __tablename__ = "scenarios"
    __table_args__ = (CheckConstraint("status IN ('draft', 'published')", name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    author: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    baseline: Mapped[str] = mapped_column(Text)
    adjustments: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text, default="")
    # A draft is seen by staff only; published, by everyone, under author_name (never the account's address).
    status: Mapped[str] = mapped_column(String(20), default="draft", server_default="draft")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    author_name: Mapped[str] = mapped_column(String(200), default="", server_default="")


class ScenarioVersion(Base):
    """Each save of a scenario as it was then, who saved it and what changed: any can be reopened (0009)."""

    __tablename__ = "scenario_versions"
    __table_args__ = (UniqueConstraint("scenario_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    saved_by: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300))
    baseline: Mapped[str] = mapped_column(Text)
    adjustments: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[str] = mapped_column(Text, default="")



class SignInAttempt(Base):
    """A run of password checks not yet ended in a success: for one account name, one client network, or everyone.

    Kept in the store, not in a process, so every dashboard process and replica
    counts the same guesses (store/sign_in_attempts.py).
    """

    __tablename__ = "sign_in_attempts"

    # "account", "client" or "everyone": which limit the row counts towards.
    scope: Mapped[str] = mapped_column(String(20), primary_key=True)
    # The name as typed, folded to lower case ("J.Okafor" and "j.okafor" are one
    # account); the client's IPv4 address or IPv6 /64; "*" for everyone.
    subject: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    # Indexed so runs nobody has continued are found and forgotten cheaply.
    last_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)


class SnapshotChecksum(Base):
    """The sha256 of the spend snapshot file one server last wrote (store/snapshot.py).

    A file on local disk is only believed if its bytes hash to what the store
    recorded, so a file edited or swapped behind the dashboard's back is
    rebuilt rather than shown.
    """

    __tablename__ = "snapshot_checksums"

    # Host, folder and store: one row per place a snapshot is kept, replaced with each new file.
    location: Mapped[str] = mapped_column(String(1000), primary_key=True)
    file_name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class UploadDraft(Base):
    """A member of staff's upload in progress: the file and the choices made on it, until stored or discarded.

    Kept in the store, not the browser session, so a reload, another page or
    another dashboard process returns to it (store/drafts.py). One per person;
    a draft untouched for DRAFT_HOURS is forgotten.
    """

    __tablename__ = "upload_drafts"

    owner: Mapped[str] = mapped_column(String(200), primary_key=True)
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    file_bytes: Mapped[bytes] = mapped_column(LargeBinary)
    # The page's choices (area, year, sheet, column corrections, unit, …) as a JSON object.
    choices_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    # Indexed so expired drafts are found and removed cheaply.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)
