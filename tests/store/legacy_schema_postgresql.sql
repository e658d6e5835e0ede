-- The store's schema as Base.metadata.create_all made it on postgresql before there were
-- migrations (store/models.py at a9ad04d), printed by
-- SQLAlchemy 2.1. tests/store/test_store_migrations.py builds pre-migration stores from it.

CREATE TABLE datasets (
	id SERIAL NOT NULL,
	name VARCHAR(300) NOT NULL,
	area VARCHAR(200) NOT NULL,
	kind VARCHAR(20) NOT NULL,
	financial_years TEXT NOT NULL,
	uploaded_at TIMESTAMP WITH TIME ZONE NOT NULL,
	uploaded_by VARCHAR(200) NOT NULL,
	original_filename VARCHAR(500) NOT NULL,
	sha256 VARCHAR(64) NOT NULL,
	original_bytes BYTEA NOT NULL,
	row_count INTEGER NOT NULL,
	total_gbp NUMERIC(14, 2) NOT NULL,
	citation TEXT,
	sheet VARCHAR(300),
	header_row INTEGER,
	version INTEGER NOT NULL,
	supersedes_id INTEGER,
	is_current BOOLEAN NOT NULL,
	lineage_id INTEGER,
	CONSTRAINT pk_datasets PRIMARY KEY (id),
	CONSTRAINT ck_datasets_kind CHECK (kind IN ('framework', 'allocation', 'decision')),
	CONSTRAINT ck_datasets_version CHECK (version >= 1),
	CONSTRAINT uq_datasets_lineage_id_version UNIQUE (lineage_id, version),
	CONSTRAINT uq_datasets_sha256 UNIQUE (sha256),
	CONSTRAINT fk_datasets_supersedes_id_datasets FOREIGN KEY(supersedes_id) REFERENCES datasets (id) ON DELETE SET NULL
);

CREATE INDEX ix_datasets_area ON datasets (area);

CREATE INDEX ix_datasets_is_current ON datasets (is_current);

CREATE INDEX ix_datasets_lineage_id ON datasets (lineage_id);

CREATE TABLE provider_aliases (
	id SERIAL NOT NULL,
	alias VARCHAR(500) NOT NULL,
	canonical_name VARCHAR(500) NOT NULL,
	created_by VARCHAR(200) NOT NULL,
	created_at TIMESTAMP WITH TIME ZONE NOT NULL,
	CONSTRAINT pk_provider_aliases PRIMARY KEY (id),
	CONSTRAINT uq_provider_aliases_alias UNIQUE (alias)
);

CREATE TABLE audit_log (
	id SERIAL NOT NULL,
	at TIMESTAMP WITH TIME ZONE NOT NULL,
	"user" VARCHAR(200) NOT NULL,
	action VARCHAR(40) NOT NULL,
	dataset_id INTEGER,
	detail TEXT NOT NULL,
	CONSTRAINT pk_audit_log PRIMARY KEY (id)
);

CREATE INDEX ix_audit_log_dataset_id ON audit_log (dataset_id);

CREATE TABLE scenarios (
	id SERIAL NOT NULL,
	name VARCHAR(300) NOT NULL,
	author VARCHAR(200) NOT NULL,
	created_at TIMESTAMP WITH TIME ZONE NOT NULL,
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
	baseline TEXT NOT NULL,
	adjustments TEXT NOT NULL,
	notes TEXT NOT NULL,
	CONSTRAINT pk_scenarios PRIMARY KEY (id)
);

CREATE TABLE spend_lines (
	id SERIAL NOT NULL,
	dataset_id INTEGER NOT NULL,
	area TEXT NOT NULL,
	strategic_area TEXT NOT NULL,
	service TEXT NOT NULL,
	provider TEXT NOT NULL,
	provision TEXT NOT NULL,
	commissioning_type TEXT NOT NULL,
	funding_partners TEXT NOT NULL,
	geography TEXT NOT NULL,
	financial_year VARCHAR(7) NOT NULL,
	amount_gbp NUMERIC(14, 2) NOT NULL,
	source_file TEXT NOT NULL,
	source_sheet TEXT NOT NULL,
	source_row INTEGER NOT NULL,
	CONSTRAINT pk_spend_lines PRIMARY KEY (id),
	CONSTRAINT fk_spend_lines_dataset_id_datasets FOREIGN KEY(dataset_id) REFERENCES datasets (id) ON DELETE CASCADE
);

CREATE INDEX ix_spend_lines_dataset_row ON spend_lines (dataset_id, source_row);

CREATE TABLE declared_totals (
	id SERIAL NOT NULL,
	dataset_id INTEGER NOT NULL,
	area TEXT NOT NULL,
	label TEXT NOT NULL,
	kind VARCHAR(20) NOT NULL,
	strategic_area TEXT,
	financial_year VARCHAR(7) NOT NULL,
	declared_gbp NUMERIC(14, 2) NOT NULL,
	covers_from_row INTEGER,
	covers_to_row INTEGER,
	source_file TEXT NOT NULL,
	source_sheet TEXT NOT NULL,
	source_row INTEGER NOT NULL,
	CONSTRAINT pk_declared_totals PRIMARY KEY (id),
	CONSTRAINT ck_declared_totals_kind CHECK (kind IN ('subtotal', 'grand_total', 'allocation')),
	CONSTRAINT fk_declared_totals_dataset_id_datasets FOREIGN KEY(dataset_id) REFERENCES datasets (id) ON DELETE CASCADE
);

CREATE INDEX ix_declared_totals_dataset_id ON declared_totals (dataset_id);
