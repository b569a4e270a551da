-- The API's own login: it reads and writes data, and nothing else. No DDL, so the API (or anyone
-- who takes it over) cannot drop the access log's append-only trigger or change the schema.
-- Re-running re-keys the login to the current APP_DB_PASSWORD (password rotation).
-- Run by app-login.sh with sqlcmd -v DB_NAME, APP_DB_LOGIN and APP_DB_PASSWORD; that script checks
-- that the names are plain identifiers and that the password holds no quote.
SET NOCOUNT ON;
DECLARE @login sysname = N'$(APP_DB_LOGIN)';
DECLARE @password nvarchar(128) = N'$(APP_DB_PASSWORD)';
DECLARE @sql nvarchar(max);

IF SUSER_ID(@login) IS NULL
    SET @sql = N'CREATE LOGIN ' + QUOTENAME(@login)
        + N' WITH PASSWORD = ' + QUOTENAME(@password, N'''')
        + N', DEFAULT_DATABASE = ' + QUOTENAME(N'$(DB_NAME)')
        + N', CHECK_POLICY = ON, CHECK_EXPIRATION = OFF;';
ELSE
    SET @sql = N'ALTER LOGIN ' + QUOTENAME(@login) + N' WITH PASSWORD = ' + QUOTENAME(@password, N'''') + N';';
EXEC sys.sp_executesql @sql;
GO

USE [$(DB_NAME)];
GO

SET NOCOUNT ON;
DECLARE @login sysname = N'$(APP_DB_LOGIN)';
DECLARE @sql nvarchar(max);

IF DATABASE_PRINCIPAL_ID(@login) IS NULL
BEGIN
    SET @sql = N'CREATE USER ' + QUOTENAME(@login) + N' FOR LOGIN ' + QUOTENAME(@login) + N';';
    EXEC sys.sp_executesql @sql;
END;

IF IS_ROLEMEMBER(N'db_datareader', @login) = 0
BEGIN
    SET @sql = N'ALTER ROLE [db_datareader] ADD MEMBER ' + QUOTENAME(@login) + N';';
    EXEC sys.sp_executesql @sql;
END;

IF IS_ROLEMEMBER(N'db_datawriter', @login) = 0
BEGIN
    SET @sql = N'ALTER ROLE [db_datawriter] ADD MEMBER ' + QUOTENAME(@login) + N';';
    EXEC sys.sp_executesql @sql;
END;
GO
