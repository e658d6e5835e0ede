"""A dashboard session driven over Streamlit's own websocket protocol, as a browser tab drives it.

A browser tab opens the page (which sets the cookies: nginx's affinity cookie
and Streamlit's XSRF one), then holds one websocket to /_stcore/stream and
sends BackMsg protobufs (rerun_script with the widgets' values, file_urls_request)
and reads ForwardMsg protobufs (new_session at the start of each run, one delta
per element drawn, script_finished at its end). This client does the same with
streamlit.proto, so the deployment test and the load test exercise the real
server path (nginx, the websocket, sessions, uploads) without a browser.

It keeps what the last run drew as a flat list of elements; widgets are found
by their key, which Streamlit puts at the end of each keyed widget's id.
"""
from __future__ import annotations

import asyncio
import itertools
import time
import urllib.parse
from dataclasses import dataclass, field

import requests
from google.protobuf.message import Message
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import FileURLsRequest, UploadedFileInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

XSRF_COOKIE = "_streamlit_xsrf"
RUN_TIMEOUT_S = 120
_request_ids = itertools.count(1)


class SessionLost(RuntimeError):
    """The websocket closed, or a run never finished: what a visitor sees as a dead page."""


@dataclass
class Element:
    kind: str  # the Element oneof: "markdown", "alert", "multiselect", "button", ...
    proto: Message

    @property
    def widget_id(self) -> str:
        return getattr(self.proto, "id", "")

    def text(self) -> str:
        """The words it shows: body, label and value strings, not chart data."""
        fields = self.proto.DESCRIPTOR.fields_by_name
        words = [getattr(self.proto, name) for name in ("body", "label", "title", "value", "placeholder")
                 if name in fields]
        return " ".join(word for word in words if isinstance(word, str) and word)


@dataclass
class Run:
    """One script run as the client saw it."""

    seconds: float
    status: str
    elements: list[Element] = field(default_factory=list)

    def text(self) -> str:
        return "\n".join(element.text() for element in self.elements)

    def errors(self) -> list[str]:
        """What a visitor would read as an error: an exception box or an st.error."""
        found = []
        for element in self.elements:
            if element.kind == "exception":
                found.append(f"exception: {element.proto.type}: {element.proto.message}")
            elif element.kind == "alert" and element.proto.format == Alert.ERROR:
                found.append(f"error: {element.proto.body}")
        return found

    def widget(self, key: str, kind: str | None = None) -> Element:
        for element in self.elements:
            if element.widget_id.endswith(f"-{key}") and (kind is None or element.kind == kind):
                return element
        raise KeyError(f"no widget with key {key!r} on the page; widgets: "
                       + ", ".join(e.widget_id.rsplit('-', 1)[-1] for e in self.elements if e.widget_id))

    def button(self, label_starts: str) -> Element:
        for element in self.elements:
            if element.kind == "button" and element.proto.label.startswith(label_starts):
                return element
        raise KeyError(f"no button labelled {label_starts!r}...")


class DashboardSession:
    """One visitor's tab. Use `async with DashboardSession(url) as tab: await tab.open(...)`."""

    def __init__(self, base_url: str, *, cookies: dict[str, str] | None = None, name: str = "visitor"):
        self.base_url = base_url.rstrip("/")
        self.name = name
        self.http = requests.Session()
        self.http.cookies.update(cookies or {})
        self.backend = ""  # the process nginx chose, from its X-Dashboard-Backend header
        self.session_id = ""
        self.page_name = ""
        self.query_string = ""
        self.page_script_hash = ""
        self.last_run: Run | None = None
        self.closed_reason: str | None = None
        self._socket = None
        self._reader: asyncio.Task | None = None
        self._elements: dict[tuple, Element] = {}
        # Like the frontend, every rerun sends the values of the widgets on screen, not only the changed one.
        self._widget_values: dict[str, WidgetState] = {}
        self._run_done: asyncio.Future | None = None
        self._file_urls: dict[str, asyncio.Future] = {}
        self._events: asyncio.Queue = asyncio.Queue()

    # --- connecting ---------------------------------------------------------------------------

    async def __aenter__(self) -> DashboardSession:
        await self.connect()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def connect(self) -> None:
        # The page load a browser makes first: it is what gives the tab its cookies.
        response = await asyncio.to_thread(self.http.get, f"{self.base_url}/_stcore/health", timeout=30)
        response.raise_for_status()
        self.backend = response.headers.get("X-Dashboard-Backend", "")
        cookie_header = "; ".join(f"{name}={value}" for name, value in self.http.cookies.items())
        ws_url = self.base_url.replace("http://", "ws://", 1) + "/_stcore/stream"
        self._socket = await connect(
            ws_url, subprotocols=["streamlit"], additional_headers={"Cookie": cookie_header},
            origin=self.base_url, max_size=None, open_timeout=30, ping_interval=20, ping_timeout=60,
        )
        self._reader = asyncio.create_task(self._read_forever())

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
        if self._reader is not None:
            self._reader.cancel()
            try:
                await self._reader
            except (asyncio.CancelledError, Exception):  # noqa: BLE001 - closing
                pass
        self.http.close()

    # --- what a visitor does -----------------------------------------------------------------

    async def open(self, page_name: str = "", query_string: str = "") -> Run:
        """Open a page, as typing its address does (page_name 'data' for /data)."""
        self.page_name, self.query_string, self.page_script_hash = page_name, query_string, ""
        self._widget_values = {}
        return await self.rerun()

    async def set_widget(self, key: str, value, *, kind: str | None = None, extra: dict | None = None) -> Run:
        """Change one widget, by its key, and wait for the rerun it causes."""
        run = self._require_run()
        element = run.widget(key, kind)
        states = {element.widget_id: _widget_state(element, value)}
        for other_key, other_value in (extra or {}).items():
            other = run.widget(other_key)
            states[other.widget_id] = _widget_state(other, other_value)
        return await self.rerun(states)

    async def click(self, button: Element, *, with_values: dict | None = None) -> Run:
        """Press a button (a form's submit button sends the form's values with it)."""
        run = self._require_run()
        states = {button.widget_id: WidgetState(id=button.widget_id, trigger_value=True)}
        for key, value in (with_values or {}).items():
            element = run.widget(key)
            states[element.widget_id] = _widget_state(element, value)
        return await self.rerun(states)

    async def upload(self, key: str, file_name: str, data: bytes, *, other_values: dict | None = None) -> Run:
        """Choose a file in the file uploader with this key: ask for an upload URL, PUT the file, rerun."""
        run = self._require_run()
        uploader = run.widget(key, "file_uploader")
        request_id = f"upload-{next(_request_ids)}"
        answer = asyncio.get_running_loop().create_future()
        self._file_urls[request_id] = answer
        await self._send(BackMsg(file_urls_request=FileURLsRequest(
            request_id=request_id, file_names=[file_name], session_id=self.session_id)))
        file_urls = (await asyncio.wait_for(answer, 30)).file_urls[0]
        upload_url = urllib.parse.urljoin(self.base_url + "/", file_urls.upload_url.lstrip("/"))
        response = await asyncio.to_thread(
            self.http.put, upload_url, files={"file": (file_name, data)},
            headers={"X-Xsrftoken": self.http.cookies.get(XSRF_COOKIE, "")}, timeout=60)
        if response.status_code != 204 and not response.ok:
            raise SessionLost(f"upload PUT {upload_url} answered {response.status_code}: {response.text[:300]}")
        state = WidgetState(id=uploader.widget_id)
        state.file_uploader_state_value.uploaded_file_info.append(UploadedFileInfo(
            file_id=file_urls.file_id, name=file_name, size=len(data), file_urls=file_urls))
        states = {uploader.widget_id: state}
        for other_key, other_value in (other_values or {}).items():
            other = run.widget(other_key)
            states[other.widget_id] = _widget_state(other, other_value)
        return await self.rerun(states)

    async def rerun(self, widget_states: dict[str, WidgetState] | None = None) -> Run:
        """Send rerun_script and wait for the run's script_finished; the Run, timed from the send."""
        if self.closed_reason:
            raise SessionLost(self.closed_reason)
        message = BackMsg()
        rerun = message.rerun_script
        rerun.query_string = self.query_string
        rerun.page_script_hash = self.page_script_hash
        rerun.page_name = self.page_name
        rerun.context_info.timezone = "Europe/London"
        rerun.context_info.locale = "en-GB"
        rerun.context_info.url = f"{self.base_url}/{self.page_name}"
        on_screen = {element.widget_id for element in self.last_run.elements} if self.last_run else set()
        values = {wid: state for wid, state in self._widget_values.items() if wid in on_screen}
        values.update(widget_states or {})
        for state in values.values():
            rerun.widget_states.widgets.append(state)
        # A button's press is sent once; every other value stays, as on a real page.
        self._widget_values = {wid: state for wid, state in values.items()
                               if state.WhichOneof("value") not in ("trigger_value", "string_trigger_value")}
        self._run_done = asyncio.get_running_loop().create_future()
        started = time.perf_counter()
        await self._send(message)
        try:
            status = await asyncio.wait_for(asyncio.shield(self._run_done), RUN_TIMEOUT_S)
        except asyncio.TimeoutError:
            raise SessionLost(f"{self.name}: a run did not finish within {RUN_TIMEOUT_S} s") from None
        self.last_run = Run(time.perf_counter() - started, status,
                            [self._elements[path] for path in sorted(self._elements)])
        return self.last_run

    # --- the protocol -------------------------------------------------------------------------

    def _require_run(self) -> Run:
        if self.last_run is None:
            raise RuntimeError("open a page first")
        return self.last_run

    async def _send(self, message: BackMsg) -> None:
        try:
            await self._socket.send(message.SerializeToString())
        except ConnectionClosed as closed:
            self._lost(f"{self.name}: the websocket closed ({closed})")
            raise SessionLost(self.closed_reason) from None

    def _lost(self, reason: str) -> None:
        self.closed_reason = self.closed_reason or reason
        if self._run_done is not None and not self._run_done.done():
            self._run_done.set_exception(SessionLost(self.closed_reason))

    async def _read_forever(self) -> None:
        try:
            async for raw in self._socket:
                self._handle(raw)
        except ConnectionClosed as closed:
            self._lost(f"{self.name}: the websocket closed ({closed})")
        else:
            self._lost(f"{self.name}: the server closed the websocket")

    def _handle(self, raw: bytes) -> None:
        message = ForwardMsg()
        message.ParseFromString(raw)
        kind = message.WhichOneof("type")
        if kind == "new_session":
            # The start of a run: what the last one drew is replaced.
            self._elements = {}
            new_session = message.new_session
            if new_session.initialize.session_id:
                self.session_id = new_session.initialize.session_id
            if new_session.page_script_hash:
                self.page_script_hash = new_session.page_script_hash
        elif kind == "navigation":
            if message.navigation.page_script_hash:
                self.page_script_hash = message.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = message.page_info_changed.query_string
        elif kind == "delta":
            delta = message.delta
            if delta.WhichOneof("type") == "new_element":
                element = delta.new_element
                element_kind = element.WhichOneof("type")
                self._elements[tuple(message.metadata.delta_path)] = Element(
                    element_kind, getattr(element, element_kind))
        elif kind == "file_urls_response":
            answer = self._file_urls.pop(message.file_urls_response.response_id, None)
            if answer is not None and not answer.done():
                answer.set_result(message.file_urls_response)
        elif kind == "script_finished":
            status = ForwardMsg.ScriptFinishedStatus.Name(message.script_finished)
            # A run stopped early for a rerun (st.rerun, a newer click) is followed by that rerun.
            if status != "FINISHED_EARLY_FOR_RERUN" and self._run_done is not None and not self._run_done.done():
                self._run_done.set_result(status)


def _widget_state(element: Element, value) -> WidgetState:
    """The value as the frontend sends it: options by their shown text, as Streamlit 1.67 expects."""
    state = WidgetState(id=element.widget_id)
    if element.kind in ("multiselect", "slider"):  # a select_slider's range is a pair of options
        state.string_array_value.data.extend(str(v) for v in value)
    elif element.kind in ("selectbox", "text_input", "text_area", "radio"):
        state.string_value = str(value)
    elif element.kind == "checkbox":
        state.bool_value = bool(value)
    else:
        raise ValueError(f"setting a {element.kind} is not supported by this client")
    return state
