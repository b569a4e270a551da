-- The API's own role on PostgreSQL: it reads and writes data, and nothing else. It owns nothing, so
-- it can neither change the schema nor disable or drop the access log's append-only trigger (only a
-- table's owner or a superuser can); on the access log it may only SELECT and INSERT.
-- Run as the role that owns the schema (the one that applied the migrations), connected to the
-- application's database, after the migrations and again after every later migration (new tables):
--   psql -v ON_ERROR_STOP=1 -v app_role=casecoordination_app -v app_password='…' -d <database> -f app-login-postgresql.sql
-- Re-running re-keys the role to the given password (password rotation). The password is sent to the
-- server as a literal; psql quotes it (:'app_password').
\set ON_ERROR_STOP on

SELECT format('CREATE ROLE %I', :'app_role')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app_role') \gexec

ALTER ROLE :"app_role" WITH LOGIN PASSWORD :'app_password'
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT;

SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), :'app_role') \gexec
GRANT USAGE ON SCHEMA public TO :"app_role";
REVOKE CREATE ON SCHEMA public FROM :"app_role";

-- Data, not schema: read and write every table; sequences for generated ids.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app_role";

-- The access log: read and append only (its trigger refuses UPDATE, DELETE and TRUNCATE for anyone).
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "AccessLog" FROM :"app_role";

-- The migration history is read (the API checks for pending migrations at start), never written.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "__EFMigrationsHistory" FROM :"app_role";
