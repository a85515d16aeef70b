"""Named migrations, applied in order once each (recorded in the `migrations` table)."""

MIGRATIONS: list[tuple[str, str]] = [
    (
        "001_articles",
        """
        CREATE TABLE articles (
            rowid INTEGER PRIMARY KEY,          -- arrival order
            id TEXT NOT NULL UNIQUE,            -- content hash of the cleaned text at first ingest
            raw_hash TEXT NOT NULL UNIQUE,      -- hash of the raw input: re-ingest is a no-op
            source TEXT NOT NULL,
            url TEXT, title TEXT, date TEXT, outlet TEXT, publisher TEXT, author TEXT, timezone TEXT,
            text TEXT NOT NULL,
            raw TEXT NOT NULL,
            removed TEXT NOT NULL DEFAULT '[]', -- JSON list of {text, reason}
            copy_of TEXT,
            signature BLOB,                     -- MinHash signature for near-copy detection
            story_id TEXT,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX articles_story ON articles(story_id);
        CREATE INDEX articles_outlet ON articles(outlet);
        CREATE INDEX articles_date ON articles(date);
        CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='rowid');
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TABLE paragraphs (
            outlet TEXT NOT NULL, key TEXT NOT NULL, article_id TEXT NOT NULL,
            PRIMARY KEY (outlet, key, article_id)
        ) WITHOUT ROWID;
        """,
    ),
    (
        "002_annotations",
        """
        CREATE TABLE entities (
            article_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            text TEXT NOT NULL, label TEXT NOT NULL, canonical TEXT, role TEXT
        );
        CREATE INDEX entities_article ON entities(article_id);
        CREATE INDEX entities_canonical ON entities(canonical);
        CREATE TABLE times (
            article_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            text TEXT NOT NULL, type TEXT NOT NULL, value TEXT NOT NULL
        );
        CREATE INDEX times_article ON times(article_id);
        CREATE TABLE quotes (
            article_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, direct INTEGER NOT NULL,
            speaker TEXT, speaker_start INTEGER, speaker_end INTEGER, cue_start INTEGER, cue_end INTEGER,
            anonymous INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX quotes_article ON quotes(article_id);
        CREATE TABLE claims (article_id TEXT NOT NULL, data TEXT NOT NULL);
        CREATE INDEX claims_article ON claims(article_id);
        """,
    ),
    (
        "003_stories",
        """
        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            title TEXT,                 -- analyst's name for the story, overrides the headline
            verdicts TEXT,              -- JSON list of aligned claims, stored with the story
            updated_at TEXT NOT NULL
        );
        CREATE TABLE pins (            -- analyst placements that clustering must respect
            article_id TEXT PRIMARY KEY, story_id TEXT NOT NULL
        );
        CREATE TABLE aliases (variant TEXT PRIMARY KEY, canonical TEXT NOT NULL);
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY, at TEXT NOT NULL, action TEXT NOT NULL,
            payload TEXT NOT NULL, undo TEXT NOT NULL, undone INTEGER NOT NULL DEFAULT 0
        );
        """,
    ),
    (
        "004_web_indexes",
        """
        CREATE INDEX IF NOT EXISTS articles_story_date ON articles(story_id, date);
        CREATE INDEX IF NOT EXISTS articles_publisher ON articles(publisher);
        CREATE INDEX IF NOT EXISTS entities_text ON entities(text);
        CREATE INDEX IF NOT EXISTS aliases_canonical ON aliases(canonical);
        """,
    ),
    (
        "005_link_state",
        """
        CREATE TABLE link_state (      -- the story clusterer's learned state after the article `upto`
            id INTEGER PRIMARY KEY CHECK (id = 1),
            upto INTEGER NOT NULL,      -- rowid of the last article it has seen
            settings TEXT NOT NULL,     -- the clusterer settings it was learned with (else replayed)
            state BLOB NOT NULL         -- zlib-compressed JSON
        );
        """,
    ),
]
