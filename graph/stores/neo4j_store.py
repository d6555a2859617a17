"""Neo4j sink: the same statements as the embedded store, sent over Bolt.

Each document is one write transaction (the driver retries transient failures, so this works
against a cluster or Aura through neo4j:// and neo4j+s:// URIs as well). Errors become one-line
StoreErrors that name the server and never the password.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from typing import Any, TypeVar

from ..cypher import (
    AWAIT_INDEXES,
    COUNT_NODES,
    COUNT_RELATIONSHIPS,
    SET_BUILD,
    SOURCE_HASHES,
    delete_document_statement,
    fulltext_statements,
    schema_statements,
)
from ..model import DocumentGraph
from .base import StoreError, StoreTimeout, StoreUnavailable, one_statement_write

F = TypeVar("F", bound=Callable[..., Any])


def interruptible(method: F) -> F:
    """Ctrl-C while the driver waits on the server: the driver's clean-up of the half-read
    connection can raise an error of its own (BufferError) in place of the KeyboardInterrupt,
    which then escaped as a traceback. It stays a KeyboardInterrupt (the command's Aborted!)."""
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except Exception as error:
            cause: BaseException | None = error
            while cause is not None:
                if isinstance(cause, KeyboardInterrupt):
                    raise KeyboardInterrupt from None
                cause = cause.__context__
            raise
    return wrapper  # type: ignore[return-value]


def settings_from_env(environ: dict[str, str] | None = None) -> dict[str, str | None]:
    """The standard variables: NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE."""
    env = os.environ if environ is None else environ
    return {"uri": env.get("NEO4J_URI"), "username": env.get("NEO4J_USERNAME", "neo4j"),
            "password": env.get("NEO4J_PASSWORD"), "database": env.get("NEO4J_DATABASE")}


class NotificationSummary(logging.Handler):
    """The server's notifications, which the driver logs one multi-line record each (the
    GqlStatusObject dump): counted by their first line, for one line each at the end."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: dict[str, int] = {}

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage().strip()
        # "Received notification from DBMS server: <GqlStatusObject … description=…>"
        description = text.split("description=", 1)[-1].split("\n")[0].strip(" '\">,")
        self.seen[description[:200]] = self.seen.get(description[:200], 0) + 1

    def lines(self) -> list[str]:
        return [f"Neo4j warned: {text}" + (f" ({count} times)" if count > 1 else "")
                for text, count in sorted(self.seen.items())]


NOTIFICATIONS_LOGGER = "neo4j.notifications"


class Neo4jStore:
    @interruptible
    def __init__(self, uri: str, username: str, password: str | None,
                 database: str | None = None):
        import neo4j
        from neo4j.exceptions import AuthError, ClientError, ServiceUnavailable

        self.uri, self.database = uri, database
        self.on_close: list[Callable[[], object]] = []   # what its opener undoes at close
        # what the server says about our statements: below WARNING not at all (the server
        # does not send it); a warning once, in one line (notes), not as the driver's dump.
        # Unknown labels and properties are left out too: a first build reads properties no
        # node has yet, and every statement is checked by Neo4j's linter in the tests
        self.summary = NotificationSummary()
        self._logger = logging.getLogger(NOTIFICATIONS_LOGGER)
        self._logger.addHandler(self.summary)
        self._propagate, self._logger.propagate = self._logger.propagate, False
        try:
            # a server that went away fails the write after a short retry, not the driver's 30 s
            self.driver = neo4j.GraphDatabase.driver(
                uri, auth=(username, password or ""), max_transaction_retry_time=5.0,
                notifications_min_severity=neo4j.NotificationMinimumSeverity.WARNING,
                notifications_disabled_classifications=[
                    neo4j.NotificationDisabledClassification.UNRECOGNIZED])
        except ValueError as error:
            self._let_go_of_notifications()
            raise StoreError(f"{uri}: not a Neo4j URI ({error})") from None
        try:
            self.driver.verify_connectivity()
            self.driver.execute_query("RETURN 1", database_=database)
        except AuthError:
            self.close()
            raise StoreError(f"{uri}: Neo4j refused the username or password "
                             f"(user {username!r})") from None
        except ServiceUnavailable as error:
            self.close()
            raise StoreError(f"{uri}: cannot reach Neo4j ({_first_line(error)})") from None
        except ClientError as error:
            self.close()
            if "DatabaseNotFound" in (error.code or ""):
                raise StoreError(f"{uri}: the database {database!r} does not exist") from None
            raise StoreError(f"{uri}: {_first_line(error)}") from None

    @interruptible
    def ensure_schema(self) -> None:
        # the full-text index first: it populates longest (Lucene, after a bulk import), in
        # the background while the constraints that follow are created and checked
        for statement in fulltext_statements() + schema_statements():
            self.driver.execute_query(statement, database_=self.database)

    @interruptible
    def await_indexes(self, seconds: int) -> None:
        """Until every index is online (at most ``seconds``: then a StoreTimeout)."""
        from neo4j.exceptions import ClientError

        try:
            self.driver.execute_query(AWAIT_INDEXES, {"seconds": seconds},
                                      database_=self.database)
        except ClientError as error:
            raise StoreTimeout(f"the indexes are not online after {seconds} s "
                               f"({_first_line(error)}); SHOW INDEXES tells how far they "
                               "are") from None

    def source_hashes(self) -> dict[str, str]:
        return {row["path"]: row["sha256"] for row in self.read(SOURCE_HASHES)}

    @interruptible
    def write_document(self, document: DocumentGraph, replaces: str | None = None) -> None:
        """One write transaction: the document is in the graph whole or not at all."""
        statements = one_statement_write(document, replaces)

        def work(transaction) -> None:
            for statement, params in statements:
                transaction.run(statement, params).consume()

        self._write(work, document.source_path or "document")

    @interruptible
    def delete_source(self, sha256: str) -> None:
        statements = [(delete_document_statement(), {"sha": sha256})]

        def work(transaction) -> None:
            for statement, params in statements:
                transaction.run(statement, params).consume()

        self._write(work, f"source {sha256[:12]}")

    @interruptible
    def write_statements(self, statements: list[tuple[str, dict[str, Any]]],
                         what: str) -> None:
        def work(transaction) -> None:
            for statement, params in statements:
                transaction.run(statement, params).consume()

        self._write(work, what)

    def _write(self, work, what: str) -> None:
        from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

        try:
            with self.driver.session(database=self.database) as session:
                session.execute_write(work)
        except (ServiceUnavailable, SessionExpired) as error:
            # the server may have gone during the commit, after it landed: say both
            raise StoreUnavailable(f"{what}: not written (or its commit went unconfirmed), "
                                   f"Neo4j at {self.uri} went away ({_first_line(error)}); "
                                   f"the next build writes what is missing") from None
        except Neo4jError as error:
            raise StoreError(f"{what}: not written: {_first_line(error)}") from None

    @interruptible
    def set_build(self, params: dict[str, Any]) -> None:
        self.driver.execute_query(SET_BUILD, params, database_=self.database)

    @interruptible
    def read(self, cypher: str, params: dict[str, Any] | None = None,
             timeout: float | None = None) -> list[dict]:
        import neo4j

        # the server stops a transaction past its timeout (TransactionTimedOut...), a client
        # error the driver does not retry
        query = neo4j.Query(cypher, timeout=timeout) if timeout else cypher
        try:
            records, _, _ = self.driver.execute_query(
                query, params or {}, database_=self.database,
                routing_=neo4j.RoutingControl.READ)
        except neo4j.exceptions.Neo4jError as error:
            if timeout and "TimedOut" in (error.code or ""):
                raise StoreTimeout(f"the read took more than {timeout:g} s") from None
            raise
        return [record.data() for record in records]

    def text_kept_aside(self, sha256: str) -> str | None:
        return None    # Neo4j keeps a source's text on its Source node

    def texts_kept_aside(self) -> set[str]:
        return set()

    def counts(self) -> tuple[int, int]:
        return (self.read(COUNT_NODES)[0]["count"], self.read(COUNT_RELATIONSHIPS)[0]["count"])

    @property
    def notes(self) -> list[str]:
        """One line for each warning the server gave (none on a normal build)."""
        return self.summary.lines()

    @interruptible
    def close(self) -> None:
        self._let_go_of_notifications()
        self.driver.close()
        while self.on_close:
            self.on_close.pop()()

    def _let_go_of_notifications(self) -> None:
        self._logger.removeHandler(self.summary)
        self._logger.propagate = self._propagate


def _first_line(error: Exception) -> str:
    text = str(getattr(error, "message", None) or error)
    return text.strip().splitlines()[0] if text.strip() else type(error).__name__
