"""An administrator acting on the local wiki through its real API (delete, move, restore, hide a revision).

The wiki's Admin account logs in with its main password (action=clientlogin), as a human would;
every action leaves the same log entries and recent-changes rows as on Meta.
"""

from __future__ import annotations

import requests

from bot.localwiki import LocalWiki


class Admin:
    def __init__(self, wiki: LocalWiki) -> None:
        self.api = wiki.api
        self.http = requests.Session()
        token = self._get(meta="tokens", type="login")["query"]["tokens"]["logintoken"]
        answer = self._post(action="clientlogin", username="Admin", password=wiki.credentials["admin"],
                            logintoken=token, loginreturnurl=wiki.url)
        assert answer["clientlogin"]["status"] == "PASS", answer
        self.token = self._get(meta="tokens")["query"]["tokens"]["csrftoken"]

    def _get(self, **params) -> dict:
        return self.http.get(self.api, params={"action": "query", "format": "json", **params}, timeout=30).json()

    def _post(self, **params) -> dict:
        answer = self.http.post(self.api, data={"format": "json", **params}, timeout=60).json()
        assert "error" not in answer, answer
        return answer

    def delete(self, title: str) -> None:
        self._post(action="delete", title=title, reason="test", token=self.token)

    def restore(self, title: str, timestamps: list[str] | None = None) -> None:
        """Undelete a page: every deleted revision, or only those with these timestamps."""
        extra = {"timestamps": "|".join(timestamps)} if timestamps else {}
        self._post(action="undelete", title=title, reason="test", token=self.token, **extra)

    def revisions(self, title: str) -> list[dict]:
        """Revisions of a page, newest first: revid and timestamp."""
        pages = self._get(prop="revisions", titles=title, rvlimit="50", rvprop="ids|timestamp",
                          formatversion="2")["query"]["pages"]
        return pages[0].get("revisions", [])

    def move(self, old: str, new: str, redirect: bool = True) -> None:
        extra = {} if redirect else {"noredirect": "1"}
        self._post(action="move", **{"from": old}, to=new, reason="test", token=self.token, **extra)

    def hide_text(self, title: str, revid: int) -> dict:
        return self.http.post(self.api, data={"format": "json", "action": "revisiondelete", "type": "revision",
                                              "target": title, "ids": str(revid), "hide": "content",
                                              "reason": "test", "token": self.token}, timeout=30).json()

    def protect(self, title: str) -> None:
        self._post(action="protect", title=title, protections="edit=sysop", reason="test", token=self.token)
