/* seminar-site form editor (the browser side of `seminar-site serve` at /_edit/).
 *
 * Plain modern JavaScript, no framework, no build step. The forms are generated at run time
 * from GET /_edit/api/shapes: the same declarative shapes (settings/shapes.py) that make the
 * loader's checks, the JSON Schema and the docs. Every value typed goes into `state.data`, a
 * plain JSON copy of the YAML file; the server validates it with the real loader and writes it
 * back round-trip.
 *
 * Safety rule kept everywhere below: data from the server or the author is only ever put into
 * the page with textContent, .value or setAttribute on known attributes; never innerHTML. The
 * Markdown preview HTML (already sanitised by the server) is parsed with DOMParser and copied
 * element by element through an allow-list (see `safeFragment`).
 *
 * Japanese IME: while a composition is open (compositionstart .. compositionend, or an input
 * event with isComposing) nothing is validated, autosaved or re-rendered; the composed text is
 * taken when compositionend fires.
 */
"use strict";

(() => {
  // ------------------------------------------------------------------ words of the interface

  const LANG = (document.documentElement.lang || "ja").toLowerCase().startsWith("en") ? "en" : "ja";

  const WORDS = {
    ja: {
      skip: "フォームへ移動",
      nav: "報告の一覧",
      newReport: "新しい報告を作る",
      siteSettings: "サイトの設定",
      chooseReport: "報告の一覧から報告を選ぶか、新しい報告を作ってください。",
      loading: "読み込んでいます…",
      loadFailed: "読み込めませんでした: {message}",
      editReport: "報告を編集: {title}",
      editSite: "サイトの設定を編集",
      required: "必須",
      requiredNote: "「必須」と書かれた項目は必ず入力してください。",
      save: "保存する",
      saveDraft: "下書きとして保存",
      draftNote: "下書きは公開されません。エラーがあっても保存できます。",
      saved: "保存しました（{time}）。プレビューが更新されます。",
      savedDraft: "下書きを保存しました（{time}）。下書きは公開されません。",
      refused: "エラーが {n} 件あるため保存していません。各項目の横のメッセージを見て直してください（下書きとしてなら保存できます）。",
      saveFailed: "保存できませんでした: {message}",
      unsaved: "保存していない変更があります。",
      noErrors: "エラーはありません。",
      errorsTitle: "直してほしいところが {n} 件あります",
      errorsCount: "エラー {n} 件",
      siteIssues: "サイト全体の設定（{file}）について",
      fileIssues: "ファイル「{file}」について",
      openSiteSettings: "サイトの設定を開いて直す",
      warningPrefix: "注意: ",
      hintPrefix: "ヒント: ",
      add: "{label}を追加",
      moveUp: "上へ",
      moveDown: "下へ",
      remove: "削除",
      removed: "{name}を削除しました。",
      undo: "元に戻す",
      fixMoved: "項目「{key}」の値を「{field}」に移しました。",
      fixRemoved: "項目「{key}」をフォームから消しました。保存するまでは、ファイルはそのままです。",
      itemName: "{label} {n}",
      kindBare: "種類は「{kind}」としました。【】はページで自動で付きます。",
      affiliationMoved: "上の欄に書いた所属（{what}）を、所属の一覧の 1 つ目に移しました。2 つ目の所属を書いてください。",
      keyboardHelp: "項目の中で Alt+↑ / Alt+↓ を押すと、その項目を上下に移動できます。",
      choose: "（選んでください）",
      notSet: "（指定しない）",
      isoDate: "日付: {iso}",
      dateHelp: "2025-11-08、2025/11/8、2025年11月8日、令和7年11月8日 のどれで書いても構いません。",
      checking: "確認しています…",
      preview: "プレビュー",
      previewHeading: "ページのプレビュー",
      openPreview: "プレビューを別のタブで開く",
      previewEmpty: "（まだ何も書かれていません）",
      mdFile: "ファイル「{path}」の本文（Markdown）",
      photosDrop: "ここに写真をドラッグ＆ドロップするか、ボタンで選んでください（複数可、HEIC も可）。",
      photosPick: "写真を選ぶ",
      uploading: "{n} 枚の写真を送っています…",
      uploaded: "{n} 枚の写真を追加しました。代替テキストを書いてください。",
      uploadedNone: "写真を追加できませんでした。",
      refusedPhoto: "「{name}」は追加できません: {message}",
      trash: "ゴミ箱へ",
      trashed: "写真「{name}」をフォームから外しました。保存すると、ファイルはゴミ箱フォルダーへ移ります（それまでは公開中のページもそのままです）。",
      movedToTrash: "外した写真（{names}）をゴミ箱フォルダーへ移しました。",
      photoName: "写真 {n}",
      altRulesTitle: "代替テキストの決まり（写真を公開する前に必ず書いてください）:",
      altRule1: "写っている内容を短い文章で書く（例: 壇上で話す二人の登壇者）",
      altRule2: "ファイル名（IMG_0001.jpg など）にしない",
      altRule3: "「写真」「画像」だけにしない",
      altRule4: "キャプションと同じ文にしない",
      folderForm: "この日の写真はフォルダー指定で書かれています。",
      folderNoUpload: "フォルダー指定の日には、ここから写真を追加できません。フォルダーに入れた写真はすぐに公開されますが、その代替テキストはこのフォームでは書けない（キャプションファイルに書く）ためです。写真を追加するときは、下のボタンで一枚ずつの一覧に切り替えてください。キャプションファイルの代替テキストとキャプションは引き継がれます。",
      folderToList: "一枚ずつの写真の一覧に切り替える",
      folderConverted: "写真 {n} 枚を一覧に切り替えました。代替テキストを確かめてから保存してください。",
      conflictTitle: "このファイルは別の場所で変更されています",
      conflictIntro: "フォームを開いた後で、ほかのタブや別の人がこのファイルを保存しました。どちらの内容も失われていません。下で見比べて、どうするか選んでください（違う行に色を付けています）。",
      conflictMine: "あなたの内容（まだ保存されていません）",
      conflictTheirs: "ディスク上の内容",
      conflictOverwrite: "自分の内容で上書き保存する",
      conflictReload: "ディスクの内容を読み込む（自分の内容は下書きに保存）",
      conflictClose: "閉じて編集を続ける",
      conflictFile: "変更されたファイル: {file}",
      conflictTitleMany: "{n} 個のファイルが別の場所で変更されています",
      conflictIntroMany: "フォームを開いた後で、ほかのタブや別の人がこれらのファイルを保存しました。どちらの内容も失われていません。ファイルごとに見比べて、どちらを使うか選び、「選んだとおりにする」を押してください（違う行に色を付けています）。",
      conflictChoose: "「{file}」はどちらを使いますか",
      conflictUseMine: "自分の内容を使う（ディスクの内容は履歴に残ります）",
      conflictUseTheirs: "ディスクの内容を使う（自分の内容は下書きに残ります）",
      conflictApply: "選んだとおりにする",
      conflictOverwriteAll: "すべて自分の内容で上書き保存する",
      conflictReloadAll: "すべてディスクの内容を読み込む（自分の内容は下書きに保存）",
      conflictUnchosen: "「{file}」をどちらにするか選んでください。",
      history: "保存の履歴",
      historyHelp: "保存するたびに、前の版がサイトの中の履歴フォルダーに残ります（最新 50 件、公開されません）。",
      historyFile: "ファイル",
      historyLoad: "履歴を表示",
      historyNone: "まだ履歴はありません。",
      historySaved: "保存日時",
      historySize: "大きさ",
      historyActions: "操作",
      historyShow: "内容を見る",
      historyRestore: "この版に戻す",
      historyRestored: "{saved} の版に戻しました。",
      historyViewTitle: "保存された版",
      restoreAsk: "保存していない変更があります。{saved} の版に戻すと、その変更は消えます。戻しますか？",
      restoreAskYes: "変更を捨てて、この版に戻す",
      askNo: "やめる",
      restoreRefused: "{saved} の版: {message}",
      restoredFromTrash: "この版にある写真などのファイル（{names}）をゴミ箱から元の場所に戻しました。",
      close: "閉じる",
      bytes: "{n} バイト",
      newTitle: "新しい報告を作る",
      newIntro: "題名と開催日を書くと、フォルダー名（スラッグ）が提案されます。作った後で、ほかの項目を書き込めます。",
      newSlug: "フォルダー名（スラッグ）",
      newSlugHelp: "URL に使われる半角英数字の名前です。提案のままで構いません。",
      newTitleLabel: "報告の題名",
      newDateLabel: "開催日",
      create: "作成する",
      created: "報告「{slug}」を作りました。",
      restoreDraft: "前回保存しなかった編集（{time}）がこのブラウザーに残っています。",
      restoreDraftYes: "その編集を戻す",
      restoreDraftNo: "捨てる",
      leave: "保存していない変更があります。",
      draftExists: "この報告には、前に保存した下書きがあります（公開されていません）。",
      draftShow: "下書きを見る",
      draftTitle: "保存されている下書き",
      draftExistsWhen: "この報告には、{time} に保存した下書きがあります（公開されていません）。",
      draftLoad: "下書きを読み込む",
      draftLoaded: "下書きをフォームに読み込みました。「保存する」を押すまで、ファイルは変わりません。",
      draftWillGo: "この報告には、前に保存した下書き（{time}）があります。保存すると、その下書きは消えます。保存しますか？（下書きの内容を使うときは「やめる」を押し、「下書きを読み込む」を押してください）",
      draftWillGoYes: "保存して、下書きを消す",
    },
    en: {
      skip: "Skip to the form",
      nav: "Reports",
      newReport: "New report",
      siteSettings: "Site settings",
      chooseReport: "Choose a report from the list, or make a new one.",
      loading: "Loading…",
      loadFailed: "Could not load: {message}",
      editReport: "Edit report: {title}",
      editSite: "Edit the site settings",
      required: "required",
      requiredNote: "Fields marked “required” must be filled in.",
      save: "Save",
      saveDraft: "Save as draft",
      draftNote: "Drafts are never published and can be saved with errors.",
      saved: "Saved ({time}). The preview is being updated.",
      savedDraft: "Draft saved ({time}). Drafts are never published.",
      refused: "Not saved: {n} errors. Read the message beside each field and fix it (you can still save a draft).",
      saveFailed: "Could not save: {message}",
      unsaved: "There are unsaved changes.",
      noErrors: "No errors.",
      errorsTitle: "{n} things to fix",
      errorsCount: "{n} errors",
      siteIssues: "About the settings of the whole site ({file})",
      fileIssues: "About the file “{file}”",
      openSiteSettings: "Open the site settings to fix it",
      warningPrefix: "Note: ",
      hintPrefix: "Hint: ",
      add: "Add {label}",
      moveUp: "Up",
      moveDown: "Down",
      remove: "Remove",
      removed: "Removed {name}.",
      undo: "Undo",
      fixMoved: "The value of the item “{key}” is now in “{field}”.",
      fixRemoved: "The item “{key}” is out of the form. The file is unchanged until you save.",
      itemName: "{label} {n}",
      kindBare: "The kind is now “{kind}”: the page adds the 【】 itself.",
      affiliationMoved: "The affiliation written above ({what}) is now the first of the list of affiliations. Write the second one.",
      keyboardHelp: "Inside an item, Alt+↑ / Alt+↓ moves it up or down.",
      choose: "(choose)",
      notSet: "(not set)",
      isoDate: "Date: {iso}",
      dateHelp: "Write 2025-11-08, 2025/11/8, 2025年11月8日 or 令和7年11月8日.",
      checking: "Checking…",
      preview: "Preview",
      previewHeading: "Page preview",
      openPreview: "Open the preview in a new tab",
      previewEmpty: "(nothing written yet)",
      mdFile: "Text of the file “{path}” (Markdown)",
      photosDrop: "Drop photos here or pick them with the button (several at once, HEIC too).",
      photosPick: "Pick photos",
      uploading: "Sending {n} photos…",
      uploaded: "Added {n} photos. Please write their alternative text.",
      uploadedNone: "No photo was added.",
      refusedPhoto: "“{name}” was not added: {message}",
      trash: "Move to trash",
      trashed: "Photo “{name}” is out of the form. Saving moves its file to the trash folder (until then the published page is unchanged).",
      movedToTrash: "The photos taken out ({names}) are now in the trash folder.",
      photoName: "Photo {n}",
      altRulesTitle: "Rules for the alternative text (needed before the photo is published):",
      altRule1: "Describe what the picture shows in a short sentence (e.g. two speakers on the stage)",
      altRule2: "Not the file name (IMG_0001.jpg…)",
      altRule3: "Not only “photo” or “image”",
      altRule4: "Not the same text as the caption",
      folderForm: "The photos of this day are given as a folder.",
      folderNoUpload: "Photos cannot be added here for a day given as a folder: a photo put into the folder is published at once, and its alternative text cannot be written in this form (it goes into the captions file). To add photos, switch to a list of photos with the button below; the alternative texts and captions of the captions file are kept.",
      folderToList: "Switch to a list of photos, one by one",
      folderConverted: "{n} photos are now listed one by one. Check their alternative text, then save.",
      conflictTitle: "This file was changed elsewhere",
      conflictIntro: "Another tab or person saved this file after you opened the form. Nothing is lost: compare the two versions below (the lines that differ are highlighted) and choose what to do.",
      conflictMine: "Your version (not saved yet)",
      conflictTheirs: "The version on disk",
      conflictOverwrite: "Save mine over it",
      conflictReload: "Load the version on disk (mine is kept as a draft)",
      conflictClose: "Close and keep editing",
      conflictFile: "The file changed: {file}",
      conflictTitleMany: "{n} files were changed elsewhere",
      conflictIntroMany: "Another tab or person saved these files after you opened the form. Nothing is lost: compare each file's two versions (the lines that differ are highlighted), choose which to keep, and press “Do as chosen”.",
      conflictChoose: "Which version of “{file}”?",
      conflictUseMine: "Mine (the version on disk stays in the history)",
      conflictUseTheirs: "The version on disk (mine is kept as a draft)",
      conflictApply: "Do as chosen",
      conflictOverwriteAll: "Save mine over all of them",
      conflictReloadAll: "Load the versions on disk of all of them (mine are kept as a draft)",
      conflictUnchosen: "Choose which version of “{file}” to keep.",
      history: "History of saves",
      historyHelp: "Each save keeps the previous version in a history folder inside the site (the last 50, never published).",
      historyFile: "File",
      historyLoad: "Show history",
      historyNone: "No history yet.",
      historySaved: "Saved",
      historySize: "Size",
      historyActions: "Actions",
      historyShow: "Show",
      historyRestore: "Restore this version",
      historyRestored: "Restored the version of {saved}.",
      historyViewTitle: "Saved version",
      restoreAsk: "There are unsaved changes. Restoring the version of {saved} discards them. Restore it?",
      restoreAskYes: "Discard my changes and restore",
      askNo: "Cancel",
      restoreRefused: "The version of {saved}: {message}",
      restoredFromTrash: "The files this version shows ({names}) are back from the trash in their places.",
      close: "Close",
      bytes: "{n} bytes",
      newTitle: "New report",
      newIntro: "Type the title and the date: a folder name (slug) is suggested. Fill in the rest after creating it.",
      newSlug: "Folder name (slug)",
      newSlugHelp: "The name used in the URL (letters, digits, hyphens). The suggestion is fine.",
      newTitleLabel: "Title of the report",
      newDateLabel: "Date of the event",
      create: "Create",
      created: "Created the report “{slug}”.",
      restoreDraft: "This browser kept edits you did not save ({time}).",
      restoreDraftYes: "Bring them back",
      restoreDraftNo: "Discard",
      leave: "There are unsaved changes.",
      draftExists: "This report has a draft saved earlier (not published).",
      draftShow: "Show the draft",
      draftTitle: "The saved draft",
      draftExistsWhen: "This report has a draft saved at {time} (not published).",
      draftLoad: "Load the draft",
      draftLoaded: "The draft is in the form. The files change only when you press “Save”.",
      draftWillGo: "This report has a draft saved earlier ({time}). Saving removes that draft. Save? (To use the draft, press “Cancel”, then “Load the draft”.)",
      draftWillGoYes: "Save and remove the draft",
    },
  }[LANG];

  // Readable names of the choice values (the YAML keeps the values themselves).
  const CHOICE_NAMES = {
    ja: {
      online: "オンライン", offline: "会場のみ", hybrid: "会場とオンライン（ハイブリッド）",
      scheduled: "予定どおり", "moved-online": "オンラインに変更",
      obtained: "本人の同意あり", blurred: "ぼかし済み", "not-identifiable": "個人を特定できない",
      western: "西暦", era: "和暦", both: "西暦と和暦", ja: "日本語", en: "英語",
    },
    en: {},
  }[LANG];

  /** A word of the interface with {name} placeholders filled in (values are plain text). */
  function t(key, params = {}) {
    const text = WORDS[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
  }

  // ------------------------------------------------------------------ talking to the server

  const CSRF = document.querySelector('meta[name="csrf-token"]')?.getAttribute("content") ?? "";

  /** fetch() a JSON endpoint; returns {status, body}. State-changing requests carry the CSRF
   * token (the browser adds the same-origin Origin header itself). */
  let inFlight = 0; // requests not answered yet (window.seminarEditor.idle() for tests)

  async function api(method, url, payload, isForm = false) {
    inFlight += 1;
    try {
      return await send(method, url, payload, isForm);
    } finally {
      inFlight -= 1;
    }
  }

  async function send(method, url, payload, isForm) {
    const init = { method, headers: { Accept: "application/json" }, credentials: "same-origin" };
    if (method !== "GET") init.headers["X-CSRF-Token"] = CSRF;
    if (payload !== undefined) {
      if (isForm) {
        init.body = payload;
      } else {
        init.headers["Content-Type"] = "application/json";
        init.body = JSON.stringify(payload);
      }
    }
    const response = await fetch(url, init);
    let body = null;
    const text = await response.text();
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = { message: text };
    }
    return { status: response.status, body };
  }

  const API = "/_edit/api";

  // ------------------------------------------------------------------ small DOM helpers

  /** Make an element: el("p", {class: "help", id}, "text", child...). Strings become text
   * nodes; attributes are set one by one (never markup). */
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else if (value === true) node.setAttribute(name, "");
      else node.setAttribute(name, String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

  /** A field path like days[0].sessions[2].title -> a DOM id that is unique and safe. */
  function idFor(prefix, path) {
    return `${prefix}-${path.replace(/\./g, "--").replace(/\[/g, "-i").replace(/\]/g, "")}` || prefix;
  }

  // ------------------------------------------------------------------ field paths and values

  const join = (parent, key) => (parent ? `${parent}.${key}` : key);
  const at = (parent, index) => `${parent}[${index}]`;

  /** "days[0].sessions[2].title" -> ["days", 0, "sessions", 2, "title"] */
  function segments(path) {
    const out = [];
    for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
      out.push(match[2] !== undefined ? Number(match[2]) : match[1]);
    }
    return out;
  }

  function getAt(root, path) {
    let node = root;
    for (const seg of segments(path)) {
      if (node === null || typeof node !== "object") return undefined;
      node = node[seg];
    }
    return node;
  }

  /** Set a value, making the maps and lists on the way; `undefined` removes the key, and a
   * map left empty by that is removed too (an optional map the author never filled). */
  function setAt(root, path, value) {
    const segs = segments(path);
    let node = root;
    const trail = [];
    for (let i = 0; i < segs.length - 1; i += 1) {
      const seg = segs[i];
      if (node[seg] === null || typeof node[seg] !== "object") {
        if (value === undefined) return;
        node[seg] = typeof segs[i + 1] === "number" ? [] : {};
      }
      trail.push([node, seg]);
      node = node[seg];
    }
    const last = segs[segs.length - 1];
    if (value === undefined) {
      if (Array.isArray(node)) return; // list items are removed with their buttons
      delete node[last];
      // Remove maps that became empty, but never a list item (it keeps its place).
      for (let i = trail.length - 1; i >= 0; i -= 1) {
        const [parent, seg] = trail[i];
        const child = parent[seg];
        if (Array.isArray(parent) || Array.isArray(child)) break;
        if (Object.keys(child).length > 0) break;
        delete parent[seg];
      }
    } else {
      node[last] = value;
    }
  }

  // ------------------------------------------------------------------ state

  const state = {
    shapes: null,
    target: null, // "report" | "site" | "new"
    slug: null,
    data: null,
    version: null,
    markdown: {}, // path -> text, as edited
    markdownSaved: {}, // path -> text, as on disk
    markdownVersions: {}, // path -> the version of the file the form loaded (or saved)
    photos: {}, // day folder -> [{file, thumb_url}]
    thumbs: new Map(), // report-relative file -> thumbnail URL
    errors: [],
    warnings: [],
    dirty: false,
    composing: false,
    saveAttempted: false,
    open: new Map(), // path -> whether its <details> is open (kept across re-renders)
    validateSeq: 0,
    conflict: null,
    draft: null, // the draft on disk when the form was opened ({text, data, markdown, saved})
    trash: [], // photos removed from the form: moved to the trash by the next save
  };

  const timers = new Map();

  /** Run `fn` after `ms`, once, replacing any pending run with the same name; postponed while
   * an IME composition is open (never mid-word). */
  function later(name, ms, fn) {
    clearTimeout(timers.get(name));
    timers.set(
      name,
      setTimeout(() => {
        timers.delete(name);
        if (state.composing) later(name, ms, fn);
        else fn();
      }, ms),
    );
  }

  let statusTimer = null;

  /** The message in the corner (a polite live region); it goes away after a while. */
  function setStatus(text, ...extra) {
    const box = $("#status");
    box.replaceChildren(...(text ? [el("span", {}, text)] : []), ...extra);
    clearTimeout(statusTimer);
    if (text) statusTimer = setTimeout(() => box.replaceChildren(), extra.length ? 20000 : 10000);
  }

  function markDirty() {
    state.dirty = true;
    later("autosave", 1500, autosave);
  }

  // ------------------------------------------------------------------ local safety copy

  const storeKey = () => `seminar-editor:${state.target}:${state.slug ?? ""}`;

  /** Keep a copy of unsaved edits in this browser, so a closed tab loses nothing. */
  function autosave() {
    if (!state.dirty || !state.data) return;
    try {
      localStorage.setItem(
        storeKey(),
        JSON.stringify({
          data: state.data, markdown: state.markdown, version: state.version,
          markdownVersions: state.markdownVersions, trash: state.trash, at: Date.now(),
        }),
      );
    } catch {
      /* storage full or disabled: the server copy is still there */
    }
  }

  function forgetAutosave() {
    try {
      localStorage.removeItem(storeKey());
    } catch {
      /* nothing to forget */
    }
  }

  function offerAutosaved(container) {
    let kept = null;
    try {
      kept = JSON.parse(localStorage.getItem(storeKey()) ?? "null");
    } catch {
      kept = null;
    }
    if (!kept || !keptDiffers(kept)) {
      if (kept) forgetAutosave();
      return;
    }
    const when = new Date(kept.at).toLocaleString(LANG === "ja" ? "ja-JP" : "en-GB");
    const yes = el("button", { type: "button", text: t("restoreDraftYes") });
    const no = el("button", { type: "button", text: t("restoreDraftNo") });
    const box = el("div", { class: "notice", role: "region", "aria-label": t("restoreDraft", { time: when }) },
      el("p", { text: t("restoreDraft", { time: when }) }), yes, " ", no);
    yes.addEventListener("click", () => {
      state.data = kept.data;
      state.markdown = { ...state.markdown, ...kept.markdown };
      // The edits were made on the versions then on disk: a file saved since by someone
      // else is then a conflict on saving, never overwritten.
      if (typeof kept.version === "string") state.version = kept.version;
      Object.assign(state.markdownVersions, kept.markdownVersions ?? {});
      state.trash = Array.isArray(kept.trash) ? kept.trash : [];
      state.dirty = true;
      renderEditor();
      validateSoon(0);
    });
    no.addEventListener("click", () => {
      forgetAutosave();
      box.remove();
    });
    container.prepend(box);
  }

  /** Whether the copy kept in this browser differs from the files as opened: the YAML
   * data, or the text of any Markdown file (edits of a Markdown file alone count too). */
  function keptDiffers(kept) {
    if (JSON.stringify(kept.data) !== JSON.stringify(state.data)) return true;
    return Object.entries(kept.markdown ?? {}).some(([name, text]) => (state.markdown[name] ?? "") !== text);
  }

  /** A draft saved earlier (kept apart, never published): show it, or load it into the
   * form (the files change only when the form is saved). */
  function offerDraft(container, draft) {
    const show = el("button", { type: "button", id: "show-draft", text: t("draftShow") });
    show.addEventListener("click", () => {
      $("#history-view-title").textContent = t("draftTitle");
      $("#history-text").textContent = draft.text;
      $("#history-view").showModal();
    });
    const when = draft.saved ? formatWhen(draft.saved) : "";
    const box = el("div", { class: "notice", id: "draft-notice" },
      el("p", { text: when ? t("draftExistsWhen", { time: when }) : t("draftExists") }), show);
    if (draft.data && typeof draft.data === "object") {
      const load = el("button", { type: "button", id: "load-draft", text: t("draftLoad") });
      load.addEventListener("click", () => {
        state.data = draft.data;
        state.markdown = { ...state.markdown, ...(draft.markdown ?? {}) };
        state.draft = null; // in the form now: saving it removes nothing unseen
        state.dirty = true;
        renderEditor();
        setStatus(t("draftLoaded"));
        validateSoon(0);
      });
      box.append(" ", load);
    }
    container.prepend(box);
  }

  // ------------------------------------------------------------------ navigation

  async function loadShapes() {
    const { status, body } = await api("GET", `${API}/shapes`);
    if (status !== 200) throw new Error(body?.message ?? String(status));
    state.shapes = body;
  }

  async function loadReportList() {
    const list = $("#report-list");
    const { status, body } = await api("GET", `${API}/reports`);
    const items = [
      el("li", {}, el("a", { href: "#/new", text: t("newReport") })),
      el("li", {}, el("a", { href: "#/site", text: t("siteSettings") })),
    ];
    if (status === 200) {
      for (const report of body.reports) {
        const label = `${report.title || report.slug}${report.date ? ` (${report.date})` : ""}`;
        items.push(el("li", {}, el("a", { href: `#/report/${encodeURIComponent(report.slug)}`, text: label })));
      }
    }
    list.replaceChildren(...items);
    markCurrentLink();
  }

  function markCurrentLink() {
    for (const link of $$("#report-list a")) {
      if (link.getAttribute("href") === location.hash) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
  }

  async function route() {
    if (state.dirty && state.data) autosave();
    // Only "#/…" is a route: another fragment (say "#main", typed in) leaves the form open.
    if (location.hash.length > 1 && !location.hash.startsWith("#/") && state.target) return undefined;
    const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ""));
    markCurrentLink();
    resetView();
    if (hash === "new") return showNewReport();
    if (hash === "site") return openFile("site", null);
    if (hash.startsWith("report/")) return openFile("report", hash.slice("report/".length));
    const view = $("#view");
    view.replaceChildren(el("h1", { text: document.title }), el("p", { text: t("chooseReport") }));
    hidePreview();
    return undefined;
  }

  function resetView() {
    for (const id of timers.values()) clearTimeout(id);
    timers.clear();
    Object.assign(state, {
      target: null, slug: null, data: null, version: null, markdown: {}, markdownSaved: {},
      markdownVersions: {}, photos: {}, errors: [], warnings: [], dirty: false, saveAttempted: false, conflict: null,
      draft: null, trash: [],
    });
    state.thumbs = new Map();
    state.open = new Map();
  }

  // ------------------------------------------------------------------ open a file

  async function openFile(target, slug) {
    const view = $("#view");
    view.replaceChildren(el("p", { text: t("loading") }));
    const url = target === "site" ? `${API}/site` : `${API}/reports/${encodeURIComponent(slug)}`;
    const { status, body } = await api("GET", url);
    if (status !== 200) {
      view.replaceChildren(el("h1", { text: document.title }),
        el("p", { class: "error-text", role: "alert", text: t("loadFailed", { message: body?.message ?? status }) }));
      return;
    }
    state.target = target;
    state.slug = slug;
    state.data = body.data ?? {};
    state.version = body.version;
    state.markdown = { ...(body.markdown ?? {}) };
    state.markdownSaved = { ...(body.markdown ?? {}) };
    state.markdownVersions = { ...(body.markdown_versions ?? {}) };
    state.photos = body.photos ?? {};
    rememberThumbs(state.photos);
    renderEditor();
    offerAutosaved($("#editor-top"));
    if (typeof body.draft === "string" && body.draft) {
      state.draft = { text: body.draft, data: body.draft_data, markdown: body.draft_markdown ?? {}, saved: body.draft_saved };
      offerDraft($("#editor-top"), state.draft);
    }
    showPreview(previewPath());
    validateSoon(0);
  }

  function rememberThumbs(photos) {
    for (const [folder, list] of Object.entries(photos ?? {})) {
      for (const photo of list ?? []) {
        if (!photo.thumb_url) continue;
        const name = photo.file.includes("/") ? photo.file : `${folder}/${photo.file}`;
        state.thumbs.set(name, photo.thumb_url);
        state.thumbs.set(photo.file, photo.thumb_url);
      }
    }
  }

  // ------------------------------------------------------------------ the preview beside the form

  function showPreview(path) {
    const pane = $("#preview-pane");
    pane.hidden = false;
    $("#preview-link").setAttribute("href", path);
    const frame = $("#preview-frame");
    // Only load the page into the frame on wide screens (on a phone the link opens a tab).
    if (window.matchMedia("(min-width: 1200px)").matches) {
      if (frame.getAttribute("src") !== path) frame.setAttribute("src", path);
    } else {
      frame.setAttribute("src", "about:blank");
    }
    $("#layout").classList.add("with-preview");
  }

  function previewPath() {
    return state.target === "report" ? `/reports/${encodeURIComponent(state.slug)}/` : "/";
  }

  function hidePreview() {
    $("#preview-pane").hidden = true;
    $("#preview-frame").setAttribute("src", "about:blank");
    $("#layout").classList.remove("with-preview");
  }

  // ------------------------------------------------------------------ rendering the form

  function shapeFor(target) {
    return target === "site" ? state.shapes.site : state.shapes.report;
  }

  /** Build the whole form from the shapes and state.data. Called on open and after any change
   * of structure (add, remove, move); typing only updates state.data, never re-renders. */
  let rendering = false;

  function renderEditor(focusPath = null) {
    rendering = true;
    try {
      buildEditor(focusPath);
    } finally {
      rendering = false;
    }
  }

  function buildEditor(focusPath) {
    const view = $("#view");
    const scroll = window.scrollY;
    const shape = shapeFor(state.target);
    const title = state.target === "site" ? t("editSite")
      : t("editReport", { title: state.data.title || state.slug });
    const form = el("form", { id: "editor-form", novalidate: true, "aria-labelledby": "editor-title" });
    form.addEventListener("submit", (event) => event.preventDefault());
    const top = el("div", { id: "editor-top" },
      el("h1", { id: "editor-title", text: title }),
      // On narrow screens the preview is not beside the form: this link opens a second tab.
      el("p", { class: "preview-inline" }, el("a", { id: "preview-link-inline", href: previewPath(),
        target: "_blank", rel: "noopener", text: t("openPreview") })),
      el("p", { class: "help", text: `${t("requiredNote")} ${t("keyboardHelp")}` }),
      el("div", { id: "error-summary", class: "error-summary", tabindex: "-1", hidden: true }),
      el("div", { id: "other-issues", class: "notice", role: "region", "aria-labelledby": "other-issues-title", hidden: true }));
    const fields = el("div", { class: "fields" });
    renderFields(shape, "", state.data, fields);
    form.append(top, fields, saveBar());
    const parts = [form];
    if (state.target !== "new") parts.push(historySection());
    view.replaceChildren(...parts);
    showIssues();
    window.scrollTo(0, scroll);
    if (focusPath) focusByPath(focusPath);
  }

  function saveBar() {
    const save = el("button", { type: "button", id: "save", class: "primary", text: t("save") });
    const draft = el("button", { type: "button", id: "save-draft", text: t("saveDraft") });
    save.addEventListener("click", () => saveNow(false));
    draft.addEventListener("click", () => saveNow(true));
    return el("div", { class: "save-bar" }, save, " ", draft, el("p", { class: "help", id: "draft-note", text: t("draftNote") }));
  }

  function renderFields(shape, path, value, container) {
    for (const field of shape.fields) {
      container.append(renderField(field, join(path, field.key), value ? value[field.key] : undefined));
    }
  }

  /** One key of the shapes -> its control, label, help text and error slot. */
  function renderField(field, path, value) {
    if (field.kind === "list") {
      if (isPhotoList(field)) return renderPhotos(field, path, value);
      if (field.item && typeof field.item === "object") return renderShapeList(field, path, value);
      return renderScalarList(field, path, value);
    }
    if (field.kind === "map" && field.shape) return renderMap(field, path, value);
    return renderScalar(field, path, value);
  }

  /** The help text of a field without its first phrase when that is the label itself
   * (the server's label is the doc's first phrase). */
  function helpText(field) {
    const help = field.help ?? "";
    const label = field.label ?? "";
    if (!label || help === label) return label === help ? "" : help;
    for (const stop of ["。", ". ", ": ", "："]) {
      if (help.startsWith(label + stop)) return help.slice(label.length + stop.length).trim();
    }
    return help;
  }

  function labelFor(field, forId, labelId) {
    return el("label", { for: forId, id: labelId }, field.label || field.key,
      field.required ? el("span", { class: "req", "aria-hidden": "true", text: ` ${t("required")}` }) : null);
  }

  function errorSlot(path) {
    return el("p", { class: "issue", id: idFor("e", path), "data-issue-for": path, hidden: true });
  }

  /** A scalar: text input, textarea (with preview), select, checkbox or date. */
  function renderScalar(field, path, value) {
    const id = idFor("f", path);
    const helpId = idFor("h", path);
    const wrap = el("div", { class: `field kind-${field.kind}`, "data-field": path });
    const helpWords = helpText(field);
    const help = helpWords ? el("p", { class: "help", id: helpId, text: helpWords }) : null;
    const described = [help ? helpId : null];
    let control;
    const common = { id, name: path, "data-path": path, "data-kind": field.kind,
      "aria-required": field.required ? "true" : null };

    if (field.choices && field.choices.length) {
      control = el("select", common,
        el("option", { value: "", text: field.required ? t("choose") : t("notSet") }),
        ...field.choices.map((choice) => el("option", { value: choice,
          text: CHOICE_NAMES[choice] ? `${CHOICE_NAMES[choice]}（${choice}）` : choice })));
      control.value = value === undefined || value === null ? "" : String(value);
      wrap.append(labelFor(field, id), control);
    } else if (field.kind === "bool") {
      control = el("input", { ...common, type: "checkbox" });
      control.checked = value === true;
      wrap.classList.add("check");
      wrap.append(control, labelFor(field, id));
    } else if (field.kind === "text" || field.kind === "markdown") {
      control = el("textarea", { ...common, rows: 4, "data-preview": idFor("p", path) });
      control.value = value === undefined || value === null ? "" : String(value);
      wrap.append(labelFor(field, id), control);
    } else {
      const attrs = { ...common, type: "text", autocomplete: "off", spellcheck: "false" };
      if (field.kind === "int") attrs.inputmode = "numeric";
      if (field.kind === "url") attrs.inputmode = "url";
      if (field.kind === "time") attrs.placeholder = "13:30";
      control = el("input", attrs);
      control.value = value === undefined || value === null ? "" : String(value);
      wrap.append(labelFor(field, id), control);
    }
    if (help) wrap.append(help);
    if (field.kind === "date") {
      const isoId = idFor("d", path);
      wrap.append(el("p", { class: "help", id: `${isoId}-how`, text: t("dateHelp") }),
        el("p", { class: "iso", id: isoId, "aria-live": "polite", text: isoText(value) }));
      described.push(`${isoId}-how`, isoId);
    }
    wrap.append(errorSlot(path));
    control.dataset.describedby = described.filter(Boolean).join(" ");
    if (control.dataset.describedby) control.setAttribute("aria-describedby", control.dataset.describedby);

    if (field.kind === "text" || field.kind === "markdown") wrap.append(previewBox(path, control.value));
    if (field.kind === "path" && isMarkdownPath(field, value)) wrap.append(markdownFileEditor(String(value)));
    return wrap;
  }

  function isoText(value) {
    return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? t("isoDate", { iso: value }) : "";
  }

  function isMarkdownPath(field, value) {
    return typeof value === "string" && /\.(md|markdown)$/i.test(value)
      && (field.key === "body" || field.key === "summary_file" || value in state.markdown);
  }

  function previewBox(key, text) {
    const id = idFor("p", key);
    const box = el("div", { class: "md-preview", id, role: "region", "aria-label": t("preview") });
    box.append(el("p", { class: "md-preview-label", "aria-hidden": "true", text: t("preview") }),
      el("div", { class: "md-preview-body" }));
    if (text) later(`preview:${id}`, 0, () => renderMarkdown(box, text));
    else $(".md-preview-body", box).append(el("p", { class: "empty", text: t("previewEmpty") }));
    return box;
  }

  /** The text of a Markdown file named by `body` or `summary_file`, edited in place. */
  function markdownFileEditor(file) {
    const id = idFor("m", file);
    const text = state.markdown[file] ?? "";
    const area = el("textarea", { id, rows: 8, "data-md": file, "data-preview": idFor("p", `md:${file}`) });
    area.value = text;
    const slot = errorSlot(`md:${file}`);
    area.dataset.describedby = "";
    return el("div", { class: "field kind-markdown-file" },
      el("label", { for: id, text: t("mdFile", { path: file }) }), area, slot, previewBox(`md:${file}`, text));
  }

  /** A map (event, organiser, recording…): a collapsible group of its own fields. */
  function renderMap(field, path, value) {
    const present = value && typeof value === "object";
    const box = details(path, field.required || present, sectionSummary(field));
    const body = el("div", { class: "group", role: "group", "aria-labelledby": idFor("s", path) });
    if (helpText(field)) body.append(el("p", { class: "help", text: helpText(field) }));
    body.append(errorSlot(path));
    if (present && Array.isArray(value)) body.append(el("p", { class: "help", text: JSON.stringify(value) }));
    else renderFields(field.shape, path, present ? value : undefined, body);
    box.append(body);
    return box;
  }

  function sectionSummary(field, extra = "") {
    return [field.label || field.key, extra,
      field.required ? el("span", { class: "req", text: ` ${t("required")}` }) : null];
  }

  /** <details> that remembers whether the author opened or closed it; its <summary> gets a
   * count of the errors inside (see showIssues). */
  function details(path, openByDefault, summaryParts, cls = "section") {
    const box = el("details", { class: cls, "data-section": path });
    box.open = state.open.has(path) ? state.open.get(path) : openByDefault;
    const summary = el("summary", { id: idFor("s", path) }, ...summaryParts.filter(Boolean),
      el("span", { class: "count", hidden: true }));
    box.append(summary);
    box.addEventListener("toggle", () => state.open.set(path, box.open));
    return box;
  }

  /** A list of maps (days, sessions, speakers, affiliations, materials…). */
  function renderShapeList(field, path, value) {
    const items = Array.isArray(value) ? value : [];
    const box = details(path, true, sectionSummary(field, ` (${items.length})`));
    const body = el("div", { class: "group", role: "group", "aria-labelledby": idFor("s", path) });
    if (helpText(field)) body.append(el("p", { class: "help", text: helpText(field) }));
    body.append(errorSlot(path));
    const list = el("ol", { class: "items" });
    items.forEach((item, index) => list.append(renderItem(field, path, index, item, items.length)));
    body.append(list, addButton(field, path));
    box.append(body);
    return box;
  }

  function itemTitle(field, index, item) {
    const base = t("itemName", { label: field.item.label || field.label, n: index + 1 });
    if (!item || typeof item !== "object") return base;
    const hint = item.title || item.name || item.date || item.label || item.organisation || item.file || "";
    return hint ? `${base}: ${hint}` : base;
  }

  function renderItem(field, path, index, item, count) {
    const itemPath = at(path, index);
    const name = itemTitle(field, index, item);
    const li = el("li", { class: "item", "data-item": itemPath, "data-list": path, "data-index": index });
    const box = details(itemPath, count <= 3 || state.open.get(itemPath) === true, [name], "item-box");
    const body = el("div", { class: "group", role: "group", "aria-labelledby": idFor("s", itemPath) });
    body.append(itemTools(path, index, count, name), errorSlot(itemPath));
    renderFields(field.item, itemPath, item, body);
    box.append(body);
    li.append(box);
    return li;
  }

  /** Up / Down / Remove buttons of a list item; the item's name is in each button's text
   * (visually hidden) so a screen reader says which item moves. */
  function itemTools(listPath, index, count, name, removeWord = t("remove")) {
    const tool = (action, word, disabled) => el("button", {
      type: "button", class: `tool tool-${action}`, "data-action": action, "data-list": listPath,
      "data-index": index, disabled,
    }, word, el("span", { class: "visually-hidden", text: `（${name}）` }));
    return el("div", { class: "tools" },
      tool("up", t("moveUp"), index === 0), tool("down", t("moveDown"), index === count - 1),
      tool("remove", removeWord, false));
  }

  function addButton(field, path) {
    const label = field.item && typeof field.item === "object" ? field.item.label || field.label : field.label;
    return el("button", { type: "button", class: "add", "data-action": "add", "data-list": path,
      "data-item-kind": typeof field.item === "string" ? field.item : "map" }, `＋ ${t("add", { label })}`);
  }

  /** A list of plain values (co_organisers, numbered_kinds, widths, formats). */
  function renderScalarList(field, path, value) {
    const items = Array.isArray(value) ? value : [];
    const box = details(path, items.length > 0 || field.required, sectionSummary(field, ` (${items.length})`));
    const body = el("div", { class: "group", role: "group", "aria-labelledby": idFor("s", path) });
    if (helpText(field)) body.append(el("p", { class: "help", text: helpText(field) }));
    body.append(errorSlot(path));
    const list = el("ol", { class: "items scalar-items" });
    items.forEach((item, index) => {
      const itemPath = at(path, index);
      const id = idFor("f", itemPath);
      const name = t("itemName", { label: field.label, n: index + 1 });
      const input = el("input", { id, type: "text", "data-path": itemPath,
        "data-kind": field.item === "int" ? "int" : "str", inputmode: field.item === "int" ? "numeric" : null,
        autocomplete: "off" });
      input.value = String(item ?? "");
      li(list, el("li", { class: "item", "data-item": itemPath, "data-list": path, "data-index": index },
        el("label", { for: id, text: name }), input, errorSlot(itemPath), itemTools(path, index, items.length, name)));
    });
    body.append(list, addButton(field, path));
    box.append(body);
    return box;
  }

  function li(list, item) {
    list.append(item);
  }

  // ------------------------------------------------------------------ photos

  function isPhotoList(field) {
    const item = field.item;
    return field.key === "photos" && item && typeof item === "object"
      && item.fields.some((f) => f.key === "file") && item.fields.some((f) => f.key === "alt");
  }

  /** The day's photo folder, relative to the report folder: that of its first photo, else
   * photos/dayN (the layout new-report and the bundled report use). */
  function dayFolder(path, value) {
    if (Array.isArray(value)) {
      const first = value.find((p) => p && typeof p.file === "string" && p.file.includes("/"));
      if (first) return first.file.slice(0, first.file.lastIndexOf("/"));
    }
    const day = segments(path).find((seg) => typeof seg === "number");
    return `photos/day${(day ?? 0) + 1}`;
  }

  function renderPhotos(field, path, value) {
    const isFolder = value && typeof value === "object" && !Array.isArray(value);
    const items = Array.isArray(value) ? value : [];
    const box = details(path, true, sectionSummary(field, isFolder ? "" : ` (${items.length})`));
    const body = el("div", { class: "group", role: "group", "aria-labelledby": idFor("s", path) });
    if (helpText(field)) body.append(el("p", { class: "help", text: helpText(field) }));
    body.append(errorSlot(path));
    if (isFolder) {
      body.append(el("p", { class: "help", text: t("folderForm") }));
      const alt = (field.alternatives ?? [])[0];
      if (alt) renderFields(alt, path, value, body);
      else for (const key of Object.keys(value)) {
        body.append(renderScalar({ key, kind: "path", label: key, help: "", required: false }, join(path, key), value[key]));
      }
      // No upload area: a photo dropped into a folder published whole would be public at
      // once without an alt text the form can ask for. The list form has one.
      body.append(el("p", { class: "help folder-no-upload", id: idFor("fn", path), text: t("folderNoUpload") }),
        el("button", { type: "button", class: "add", "data-action": "to-list", "data-list": path,
          "aria-describedby": idFor("fn", path) }, t("folderToList")));
      box.append(body);
      return box;
    }
    const folder = dayFolder(path, value);
    const pickId = idFor("u", path);
    const picker = el("input", { type: "file", id: pickId, multiple: true, accept: "image/*,.heic,.heif",
      "data-upload": path, "data-folder": folder, class: "picker" });
    const drop = el("div", { class: "drop", "data-drop": path, "data-folder": folder },
      el("p", { text: t("photosDrop") }),
      el("label", { for: pickId, class: "pick-label", text: t("photosPick") }), picker,
      el("p", { class: "upload-status", role: "status", id: idFor("us", path) }));
    const list = el("ol", { class: "items photos" });
    items.forEach((photo, index) => list.append(renderPhoto(field, path, index, photo, items.length)));
    body.append(drop, list);
    box.append(body);
    return box;
  }

  function renderPhoto(field, path, index, photo, count) {
    const itemPath = at(path, index);
    const file = photo && typeof photo.file === "string" ? photo.file : "";
    const name = `${t("photoName", { n: index + 1 })}: ${file.split("/").pop()}`;
    const thumb = state.thumbs.get(file);
    const li = el("li", { class: "item photo", "data-item": itemPath, "data-list": path, "data-index": index });
    const figure = el("div", { class: "thumb" },
      thumb ? el("img", { src: thumb, alt: "", width: 160, height: 120, loading: "lazy" }) : el("span", { class: "no-thumb", "aria-hidden": "true", text: "🖼" }),
      el("p", { class: "file-name", text: file }));
    const fields = el("div", { class: "group", role: "group", "aria-label": name });
    fields.append(itemTools(path, index, count, name, t("trash")), errorSlot(itemPath));
    for (const sub of field.item.fields) {
      const subPath = join(itemPath, sub.key);
      if (sub.key === "file") {
        // The file is chosen by uploading; problems with it show under the thumbnail.
        fields.append(el("input", { type: "hidden", "data-path": subPath, value: file }));
        figure.append(errorSlot(subPath));
        continue;
      }
      // Alt text is required before publishing, whatever the shape says about YAML; the
      // public-sector rules are listed beside it (the server's checks say which one failed).
      const shown = sub.key === "alt" ? { ...sub, required: true } : sub;
      const made = renderField(shown, subPath, photo ? photo[sub.key] : undefined);
      if (sub.key === "alt") addAltRules(made, subPath);
      fields.append(made);
    }
    li.append(figure, fields);
    return li;
  }

  function addAltRules(wrap, path) {
    const id = idFor("r", path);
    const rules = el("div", { class: "rules", id },
      el("p", { text: t("altRulesTitle") }),
      el("ul", {}, ...["altRule1", "altRule2", "altRule3", "altRule4"].map((key) => el("li", { text: t(key) }))));
    wrap.insertBefore(rules, $(".issue", wrap));
    const input = $("input, textarea", wrap);
    input.dataset.describedby = [input.dataset.describedby, id].filter(Boolean).join(" ");
    input.setAttribute("aria-describedby", input.dataset.describedby);
  }

  /** Send the photos in batches the server accepts (at most 20 files, 80 MB a request). */
  function batches(files) {
    const out = [];
    let current = [];
    let size = 0;
    for (const file of files) {
      if (current.length && (current.length >= 20 || size + file.size > 80 * 1024 * 1024)) {
        out.push(current);
        current = [];
        size = 0;
      }
      current.push(file);
      size += file.size;
    }
    if (current.length) out.push(current);
    return out;
  }

  async function uploadPhotos(listPath, folder, files) {
    if (!files.length) return;
    const statusBox = document.getElementById(idFor("us", listPath));
    const say = (text) => { if (statusBox) statusBox.textContent = text; setStatus(text); };
    say(t("uploading", { n: files.length }));
    const body = { added: [], refused: [] };
    for (const batch of batches(files)) {
      const form = new FormData();
      form.append("day", folder);
      for (const file of batch) form.append("files", file, file.name);
      const reply = await api("POST", `${API}/reports/${encodeURIComponent(state.slug)}/photos`, form, true);
      if (reply.status !== 200 && reply.status !== 201) {
        const message = reply.body?.message ?? String(reply.status);
        body.refused.push(...batch.map((file) => ({ name: file.name, message })));
        continue;
      }
      body.added.push(...(reply.body.added ?? []));
      body.refused.push(...(reply.body.refused ?? []));
    }
    const list = Array.isArray(getAt(state.data, listPath)) ? getAt(state.data, listPath) : [];
    for (const added of body.added ?? []) {
      const file = added.file.includes("/") ? added.file : `${folder}/${added.file}`;
      if (added.thumb_url) state.thumbs.set(file, added.thumb_url);
      list.push({ file });
    }
    if ((body.added ?? []).length) {
      setAt(state.data, listPath, list);
      markDirty();
    }
    renderEditor();
    const problems = (body.refused ?? []).map((r) => t("refusedPhoto", { name: r.name, message: r.message }));
    const count = (body.added ?? []).length;
    const text = [count ? t("uploaded", { n: count }) : t("uploadedNone"), ...problems].join(" ");
    const box = document.getElementById(idFor("us", listPath));
    if (box) {
      box.textContent = text;
      if (problems.length) box.setAttribute("role", "alert");
    }
    setStatus(text);
    validateSoon(0);
    const firstNew = list.length - (body.added ?? []).length;
    if ((body.added ?? []).length) focusByPath(join(at(listPath, firstNew), "alt"));
  }

  /** A day's `photos: {folder, captions}` becomes the list of the folder's photos, with the
   * texts of its captions file (GET report lists them by folder). */
  function folderToList(path) {
    const value = getAt(state.data, path);
    const folder = String(value?.folder ?? "").replace(/\/+$/, "");
    const keys = ["alt", "caption", "credit", "consent"];
    const list = (state.photos[folder] ?? []).map((photo) => {
      const item = { file: photo.file };
      for (const key of keys) if (typeof photo[key] === "string" && photo[key]) item[key] = photo[key];
      return item;
    });
    setAt(state.data, path, list);
    state.open.set(path, true);
    markDirty();
    renderEditor(list.length ? join(at(path, 0), "alt") : path);
    setStatus(t("folderConverted", { n: list.length }));
    validateSoon(0);
  }

  /** "Move to trash": the photo leaves the form only; its file is moved into the site's
   * trash folder by the save that writes the list without it (until then "Undo" puts it
   * back, and the published site keeps working: report.yaml still lists it). */
  function trashPhoto(listPath, index) {
    const list = getAt(state.data, listPath);
    const photo = list[index];
    const file = photo?.file ?? "";
    const name = file.slice(file.lastIndexOf("/") + 1);
    list.splice(index, 1);
    if (file && !state.trash.includes(file)) state.trash.push(file);
    markDirty();
    renderEditor(list.length ? at(listPath, Math.min(index, list.length - 1)) : listPath);
    const undo = el("button", { type: "button", text: t("undo") });
    undo.addEventListener("click", () => {
      state.trash = state.trash.filter((f) => f !== file);
      putBack(listPath, index, photo);
    }, { once: true });
    setStatus(t("trashed", { name }), " ", undo);
    validateSoon(0);
  }

  /** Put a removed item back at its place in its list (the list as it is now: edits made
   * since the removal are kept). */
  function putBack(listPath, index, item) {
    let list = getAt(state.data, listPath);
    if (!Array.isArray(list)) {
      list = [];
      setAt(state.data, listPath, list);
    }
    const place = Math.min(index, list.length);
    list.splice(place, 0, item);
    state.open.set(listPath, true);
    markDirty();
    renderEditor(at(listPath, place));
    setStatus("");
    validateSoon(0);
  }

  // ------------------------------------------------------------------ list actions

  function blankItem(field) {
    if (!field || typeof field.item === "string") return field && field.item === "int" ? 0 : "";
    return {};
  }

  function fieldAt(path) {
    // Walk the shapes along the path to find the field a list path belongs to.
    let shape = shapeFor(state.target);
    let field = null;
    for (const seg of segments(path)) {
      if (typeof seg === "number") {
        shape = field && typeof field.item === "object" ? field.item : null;
        continue;
      }
      field = shape ? shape.fields.find((f) => f.key === seg) : null;
      if (!field) return null;
      if (field.kind === "map") shape = field.shape;
    }
    return field;
  }

  function onAction(button) {
    const action = button.dataset.action;
    const listPath = button.dataset.list;
    const index = Number(button.dataset.index);
    const field = fieldAt(listPath);
    let list = getAt(state.data, listPath);
    if (!Array.isArray(list)) list = [];
    if (action === "add") {
      const moved = listPath.endsWith(".affiliations") ? firstAffiliation(listPath, list) : "";
      const fresh = blankItem(field);
      list.push(fresh);
      setAt(state.data, listPath, list);
      state.open.set(listPath, true);
      state.open.set(at(listPath, list.length - 1), true);
      markDirty();
      renderEditor(at(listPath, list.length - 1));
      setStatus(moved ? t("affiliationMoved", { what: moved })
        : t("add", { label: field?.item?.label ?? field?.label ?? "" }));
      validateSoon(0);
      return;
    }
    if (action === "to-list") return folderToList(listPath);
    if (action === "up" || action === "down") return moveItem(listPath, index, action === "up" ? -1 : 1);
    if (action === "remove") {
      if (isPhotoList(field ?? {})) {
        trashPhoto(listPath, index);
        return undefined;
      }
      const name = itemTitle(field ?? { label: "" }, index, list[index]);
      const [removed] = list.splice(index, 1);
      markDirty();
      renderEditor(list.length ? at(listPath, Math.min(index, list.length - 1)) : listPath);
      // Undo puts back this item only, at its place: edits made since are kept.
      const undo = el("button", { type: "button", text: t("undo") });
      undo.addEventListener("click", () => putBack(listPath, index, removed), { once: true });
      setStatus(t("removed", { name }), " ", undo);
      validateSoon(0);
    }
    return undefined;
  }

  /** A speaker written with organisation/department/role gets a second affiliation: those
   * become the first item of `affiliations` (a speaker has one or the other, never both).
   * Returns what was moved ('' when nothing was). */
  function firstAffiliation(listPath, list) {
    const speaker = getAt(state.data, listPath.slice(0, -".affiliations".length));
    if (!speaker || typeof speaker !== "object") return "";
    const keys = ["organisation", "department", "role"].filter((key) => speaker[key] !== undefined && speaker[key] !== "");
    if (!keys.length) return "";
    const first = {};
    for (const key of keys) first[key] = speaker[key];
    for (const key of ["organisation", "department", "role"]) delete speaker[key];
    list.unshift(first);
    return keys.map((key) => first[key]).join(" ");
  }

  function moveItem(listPath, index, step) {
    const list = getAt(state.data, listPath);
    const to = index + step;
    if (!Array.isArray(list) || to < 0 || to >= list.length) return;
    [list[index], list[to]] = [list[to], list[index]];
    // Keep each item's open/closed state with the item.
    const a = state.open.get(at(listPath, index));
    const b = state.open.get(at(listPath, to));
    state.open.set(at(listPath, to), a ?? true);
    state.open.set(at(listPath, index), b ?? true);
    markDirty();
    renderEditor();
    const button = $(`[data-list="${CSS.escape(listPath)}"][data-index="${to}"][data-action="${step < 0 ? "up" : "down"}"]`)
      ?? $(`[data-list="${CSS.escape(listPath)}"][data-index="${to}"][data-action]`);
    if (button && !button.disabled) button.focus();
    else $(`[data-list="${CSS.escape(listPath)}"][data-index="${to}"][data-action]:not([disabled])`)?.focus();
    setStatus(`${t(step < 0 ? "moveUp" : "moveDown")}: ${to + 1}`);
    validateSoon(0);
  }

  function focusByPath(path) {
    const target = document.getElementById(idFor("f", path))
      ?? $(`[data-item="${CSS.escape(path)}"] [data-path]:not([type="hidden"])`)
      ?? $(`[data-section="${CSS.escape(path)}"] summary`);
    if (!target) return;
    for (let node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    target.focus();
  }

  // ------------------------------------------------------------------ typing into the form

  /** Read a control into state.data (types: int -> number when it is one, bool, date text). */
  function commit(control) {
    // A control removed by a re-render (its path may now belong to another item) is stale.
    // While the form is being rebuilt, Chrome fires change/focusout on the removed controls
    // (still connected at that moment) with their old paths: ignore those.
    if (!state.data || state.target === "new" || !control.isConnected || rendering) return;
    if (control.dataset.md !== undefined) {
      if ((state.markdown[control.dataset.md] ?? "") === control.value) return;
      state.markdown[control.dataset.md] = control.value;
      markDirty();
      return;
    }
    const path = control.dataset.path;
    if (!path) return;
    // Nothing typed (just passing through with Tab): leave the data exactly as loaded, so an
    // unchanged `honorific: ""` or a number stays what the file says.
    const current = getAt(state.data, path);
    if (control.type === "checkbox" ? (current === true) === control.checked
      : control.value === (current === undefined || current === null ? "" : String(current))) return;
    const kind = control.dataset.kind;
    let value;
    if (control.type === "checkbox") value = control.checked ? true : undefined;
    else {
      const text = control.value;
      if (text.trim() === "" && kind !== "text" && kind !== "markdown") value = undefined;
      else if (text === "") value = undefined;
      else if (kind === "int") {
        const digits = text.normalize("NFKC").trim();
        value = /^-?\d+$/.test(digits) ? Number(digits) : text;
      } else if (kind === "date") value = state.dates?.get(text) ?? text.normalize("NFKC").trim();
      else if (isSessionKind(path)) value = bareKind(text) || undefined;
      else value = text;
    }
    const list = control.closest("[data-list]");
    if (value === undefined && list && list.dataset.item === path) value = "";
    setAt(state.data, path, value);
    markDirty();
  }

  /** A session's kind: the page writes it in 【】, so brackets typed around it are taken off
   * (content/kinds.py does the same for a report.yaml written by hand, with a warning). */
  const KIND_BRACKETS = /^[\s\u3000【】[\]［］〔〕]+|[\s\u3000【】[\]［］〔〕]+$/g;
  const isSessionKind = (path) => /(^|\.)sessions\[\d+\]\.kind$/.test(path ?? "");
  const bareKind = (text) => text.replace(KIND_BRACKETS, "");

  function onInput(event) {
    const control = event.target;
    if (event.isComposing || state.composing) return; // wait for compositionend
    commit(control);
    if (control.dataset.preview) later(`preview:${control.dataset.preview}`, 300, () => previewFor(control));
    if (control.dataset.kind === "date") later(`date:${control.id}`, 400, () => checkDate(control));
    if (state.saveAttempted || control.getAttribute("aria-invalid") === "true") validateSoon(600);
  }

  function onChange(event) {
    const control = event.target;
    if (state.composing || rendering) return;
    if (control.type === "file" && control.dataset.upload) {
      const files = Array.from(control.files ?? []);
      control.value = "";
      uploadPhotos(control.dataset.upload, control.dataset.folder, files);
      return;
    }
    commit(control);
    if (isSessionKind(control.dataset.path) && bareKind(control.value) !== control.value.trim()) {
      control.value = bareKind(control.value);
      setStatus(t("kindBare", { kind: control.value }));
    }
    if (control.dataset.kind === "path" && (control.dataset.path.endsWith(".body") || control.dataset.path === "body"
      || control.dataset.path.endsWith("summary_file"))) renderEditor(control.dataset.path);
    validateSoon(0);
  }

  function previewFor(control) {
    const box = document.getElementById(control.dataset.preview);
    if (box) renderMarkdown(box, control.value);
  }

  // ------------------------------------------------------------------ dates

  /** Ask the server what date the text means (令和7年11月8日, 2025/11/8…) and show the ISO
   * date beside the field; the ISO date is what goes into the YAML. */
  async function checkDate(control) {
    const path = control.dataset.path ?? control.dataset.date;
    const text = control.value.trim();
    const out = document.getElementById(idFor("d", path));
    if (!text) {
      if (out) out.textContent = "";
      return;
    }
    const { status, body } = await api("POST", `${API}/dates`, { text });
    if (control.value.trim() !== text) return; // typed on meanwhile
    if (status === 200 && body?.iso) {
      state.dates = state.dates ?? new Map();
      state.dates.set(control.value, body.iso);
      if (state.data && control.dataset.path) setAt(state.data, control.dataset.path, body.iso);
      if (out) {
        out.textContent = t("isoDate", { iso: body.iso });
        out.classList.remove("bad");
      }
      if (control.closest("#new-report")) suggestSlug();
    } else if (out) {
      out.textContent = body?.message ?? "";
      out.classList.add("bad");
    }
  }

  // ------------------------------------------------------------------ Markdown preview

  const ALLOWED = new Set(["p", "br", "strong", "b", "em", "i", "a", "ul", "ol", "li", "h2", "h3", "h4",
    "h5", "h6", "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td", "span",
    "small", "sup", "sub", "del", "s", "dl", "dt", "dd", "abbr"]);

  /** Copy the server's sanitised HTML through an allow-list of elements; only `href` (http,
   * https, mailto, relative) survives of the attributes. A second wall, not the first. */
  function safeFragment(html) {
    const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
    const copy = (source, target) => {
      for (const node of source.childNodes) {
        if (node.nodeType === Node.TEXT_NODE) target.append(document.createTextNode(node.data));
        else if (node.nodeType === Node.ELEMENT_NODE) {
          const tag = node.tagName.toLowerCase();
          if (!ALLOWED.has(tag)) {
            if (tag !== "script" && tag !== "style") copy(node, target);
            continue;
          }
          // h1 is the page title: inside a preview it is shown as h2 and below.
          const made = document.createElement(tag);
          if (tag === "a") {
            const href = node.getAttribute("href") ?? "";
            // The browser's own URL parser decides the scheme (so "java\tscript:" is caught).
            let scheme = "";
            try {
              scheme = new URL(href, location.href).protocol;
            } catch {
              scheme = "";
            }
            if (href && ["http:", "https:", "mailto:"].includes(scheme)) {
              made.setAttribute("href", href);
              made.setAttribute("rel", "noopener noreferrer");
              made.setAttribute("target", "_blank");
            }
          }
          copy(node, made);
          target.append(made);
        }
      }
    };
    const fragment = document.createDocumentFragment();
    copy(doc.body, fragment);
    return fragment;
  }

  let previewSeq = 0;
  const previewCache = new Map(); // report, its dates and the text -> the server's HTML

  async function renderMarkdown(box, text) {
    const body = $(".md-preview-body", box);
    if (!body) return;
    if (!text.trim()) {
      body.replaceChildren(el("p", { class: "empty", text: t("previewEmpty") }));
      return;
    }
    // Dates like 1/22 are read in the report's year (its days as the form has them now).
    const data = state.target === "report" && state.data && typeof state.data === "object" ? {
      published: state.data.published,
      days: (Array.isArray(state.data.days) ? state.data.days : []).map((d) => ({ date: d?.date })),
    } : null;
    const key = `${state.target}\n${state.slug ?? ""}\n${JSON.stringify(data)}\n${text}`;
    if (previewCache.has(key)) {
      body.replaceChildren(safeFragment(previewCache.get(key)));
      return;
    }
    previewSeq += 1;
    const mine = previewSeq;
    box.dataset.seq = String(mine);
    const payload = { markdown: text, target: state.target, slug: state.slug };
    if (data) payload.data = data;
    const { status, body: reply } = await api("POST", `${API}/preview`, payload);
    if (status === 200 && typeof reply?.html === "string") {
      if (previewCache.size > 200) previewCache.clear();
      previewCache.set(key, reply.html);
    }
    if (box.dataset.seq !== String(mine)) return;
    if (status === 200 && typeof reply?.html === "string") body.replaceChildren(safeFragment(reply.html));
    else body.replaceChildren(el("p", { class: "empty", text: reply?.message ?? String(status) }));
  }

  // ------------------------------------------------------------------ validation

  function validateSoon(ms) {
    later("validate", ms, validate);
  }

  async function validate() {
    if (!state.data || state.target === "new") return { errors: [], warnings: [] };
    state.validateSeq += 1;
    const mine = state.validateSeq;
    const { status, body } = await api("POST", `${API}/validate`, {
      target: state.target, slug: state.slug, data: state.data, markdown: state.markdown,
      trash: state.trash,
    });
    if (mine !== state.validateSeq) return { errors: state.errors, warnings: state.warnings };
    if (status === 200 && body) {
      state.errors = body.errors ?? [];
      state.warnings = body.warnings ?? [];
      showIssues();
    }
    return { errors: state.errors, warnings: state.warnings };
  }

  /** The nearest element that can show an issue at `path`: the field itself, else its item or
   * section going up the path (a missing key of a map shows at the map). */
  function slotFor(path, file) {
    const base = state.target === "report" ? `content/reports/${state.slug}/` : "content/";
    if (file && /\.(md|markdown)$/i.test(file) && file.startsWith(base)) {
      const slot = $(`[data-issue-for="${CSS.escape(`md:${file.slice(base.length)}`)}"]`);
      if (slot) return slot;
    }
    let current = path ?? "";
    for (;;) {
      const slot = $(`[data-issue-for="${CSS.escape(current)}"]`);
      if (slot) return slot;
      if (!current) return null;
      const cut = Math.max(current.lastIndexOf("."), current.lastIndexOf("["));
      current = cut > 0 ? current.slice(0, cut) : "";
    }
  }

  /** The files this form edits: its YAML file and (a report's) Markdown files. */
  function ownFile(file) {
    if (state.target === "site") return file === "content/site.yaml";
    const base = `content/reports/${state.slug}/`;
    return file === `${base}report.yaml` || (file.startsWith(base) && /\.(md|markdown)$/i.test(file));
  }

  /** Issues of other files (site.yaml, a captions file) in a box of their own at the top,
   * never under a field of this form that has the same key. */
  function showElsewhere(elsewhere) {
    const box = $("#other-issues");
    if (!box) return;
    box.hidden = elsewhere.size === 0;
    if (!elsewhere.size) {
      box.replaceChildren();
      return;
    }
    const parts = [];
    for (const [file, issues] of elsewhere) {
      const site = file === "content/site.yaml";
      const heading = site ? t("siteIssues", { file }) : t("fileIssues", { file });
      parts.push(el("h2", { id: parts.length ? null : "other-issues-title", text: heading }),
        el("ul", {}, ...issues.map((entry) => el("li", { class: entry.warning ? "warn" : "err", text: entry.text }))));
      if (site && state.target !== "site") parts.push(el("p", {}, el("a", { href: "#/site", text: t("openSiteSettings") })));
    }
    box.replaceChildren(...parts);
  }

  function issueText(issue, warning) {
    const hint = issue.hint ? ` ${t("hintPrefix")}${issue.hint}` : "";
    return `${warning ? t("warningPrefix") : ""}${issue.message}${hint}`;
  }

  /** Put every error and warning beside its field (aria-invalid + aria-describedby), count them
   * on each <details> summary, and list them at the top with links to the fields. */
  function showIssues() {
    for (const slot of $$("[data-issue-for]")) {
      slot.replaceChildren();
      slot.hidden = true;
      slot.classList.remove("has-error");
    }
    for (const control of $$("[aria-invalid]")) control.removeAttribute("aria-invalid");
    for (const control of $$("[data-describedby]")) {
      if (control.dataset.describedby) control.setAttribute("aria-describedby", control.dataset.describedby);
      else control.removeAttribute("aria-describedby");
    }
    const summaryList = [];
    const elsewhere = new Map(); // another file (site.yaml in a report's form) -> its issues
    const place = (issue, warning) => {
      if (issue.file && !ownFile(issue.file)) {
        const text = issueText(issue, warning);
        if (!elsewhere.has(issue.file)) elsewhere.set(issue.file, []);
        elsewhere.get(issue.file).push({ text, warning });
        if (!warning) summaryList.push({ text: `${issue.file}: ${text}`, target: "other-issues", slot: null });
        return;
      }
      const slot = slotFor(issue.path, issue.file);
      const text = issueText(issue, warning);
      if (slot) {
        slot.hidden = false;
        slot.append(el("span", { class: warning ? "warn" : "err", text }));
        if (issue.fix) slot.append(fixButton(issue.fix));
        if (!warning) slot.classList.add("has-error");
        const control = document.getElementById(slot.id.replace(/^e-/, "f-"))
          ?? (slot.id.startsWith("e-md:") ? document.getElementById(`m-${slot.id.slice(5).replace(/\./g, "--")}`) : null);
        if (control) {
          if (!warning) control.setAttribute("aria-invalid", "true");
          const ids = new Set((control.getAttribute("aria-describedby") ?? "").split(" ").filter(Boolean));
          ids.add(slot.id);
          control.setAttribute("aria-describedby", Array.from(ids).join(" "));
        }
      }
      if (!warning) summaryList.push({ text, target: slot ? slot.id.replace(/^e-/, "f-") : null, slot, fix: slot ? null : issue.fix });
    };
    for (const issue of state.errors) place(issue, false);
    for (const issue of state.warnings) place(issue, true);
    showElsewhere(elsewhere);

    // Counts on collapsed sections (and open them when the author has tried to save).
    for (const box of $$("details")) {
      const count = $$(".issue.has-error", box).length;
      const badge = $(":scope > summary > .count", box);
      if (!badge) continue;
      badge.hidden = count === 0;
      badge.textContent = count ? ` ${t("errorsCount", { n: count })}` : "";
      if (count && state.saveAttempted) box.open = true;
    }

    const summary = $("#error-summary");
    if (!summary) return;
    if (!summaryList.length) {
      summary.hidden = true;
      summary.replaceChildren();
      return;
    }
    summary.hidden = false;
    const items = summaryList.map((entry) => {
      const target = entry.target && document.getElementById(entry.target) ? entry.target : entry.slot?.id;
      if (!target) return el("li", {}, entry.text, entry.fix ? " " : null, entry.fix ? fixButton(entry.fix) : null);
      const link = el("a", { href: `#${target}`, text: entry.text });
      link.addEventListener("click", (event) => {
        event.preventDefault();
        const node = document.getElementById(target);
        for (let up = node?.parentElement; up; up = up.parentElement) if (up.tagName === "DETAILS") up.open = true;
        if (node && node.matches("input, select, textarea")) node.focus();
        else node?.scrollIntoView();
      });
      return el("li", {}, link);
    });
    summary.replaceChildren(el("h2", { text: t("errorsTitle", { n: summaryList.length }) }), el("ul", {}, ...items));
  }

  /** The button the server offers for an item of the file that the form has no field for
   * (wording.py): take it out of the form, or move its value to the field it was meant for. */
  function fixButton(fix) {
    const button = el("button", { type: "button", class: "fix", "data-fix": fix.path, text: fix.label });
    button.addEventListener("click", () => applyFix(fix));
    return button;
  }

  function applyFix(fix) {
    const path = fix.path ?? "";
    const key = segments(path).pop();
    if (typeof key !== "string" || !(path === key || path.endsWith(`.${key}`))) return;
    const base = path.slice(0, path.length - key.length - 1);
    const holder = base ? getAt(state.data, base) : state.data;
    if (!holder || typeof holder !== "object" || Array.isArray(holder) || !(key in holder)) return;
    const place = Object.keys(holder).indexOf(key);
    const value = holder[key];
    delete holder[key];
    const to = fix.action === "move" && typeof fix.to === "string" && !(fix.to in holder) ? fix.to : null;
    if (to) holder[to] = value;
    markDirty();
    renderEditor(to ? join(base, to) : base || null);
    // Undo puts back this item only, at its place in the mapping (with what the field it
    // was moved to holds now): other edits made since are kept.
    const undo = el("button", { type: "button", text: t("undo") });
    undo.addEventListener("click", () => {
      const back = to && to in holder ? holder[to] : value;
      const entries = Object.entries(holder).filter(([name]) => name !== to && name !== key);
      entries.splice(Math.min(place, entries.length), 0, [key, back]);
      for (const name of Object.keys(holder)) delete holder[name];
      for (const [name, kept] of entries) holder[name] = kept;
      markDirty();
      renderEditor(base || null);
      setStatus("");
      validateSoon(0);
    }, { once: true });
    setStatus(t(to ? "fixMoved" : "fixRemoved", { key, field: fix.field ?? to }), " ", undo);
    validateSoon(0);
  }

  // ------------------------------------------------------------------ saving

  function changedMarkdown() {
    const out = {};
    for (const [path, text] of Object.entries(state.markdown)) {
      if (state.markdownSaved[path] !== text) out[path] = text;
    }
    return out;
  }

  function commitFocused() {
    const active = document.activeElement;
    if (active && (active.dataset?.path || active.dataset?.md !== undefined)) commit(active);
  }

  /** Save the form (or a draft of it); true once saved. `keepDraft`: the save made by the
   * conflict dialog after it kept the author's texts in a draft, which stays. */
  async function saveNow(draft, { keepDraft = false } = {}) {
    if (state.composing) return false; // the Enter that ends a composition is not a save
    commitFocused();
    state.saveAttempted = true;
    if (!draft && state.draft && !keepDraft) {
      // A save removes the draft: say so first (it may hold work the form does not show).
      const when = state.draft.saved ? formatWhen(state.draft.saved) : "";
      if (!(await ask(t("draftWillGo", { time: when }), t("draftWillGoYes"), t("askNo")))) return false;
    }
    if (!draft) {
      setStatus(t("checking"));
      const { errors } = await validate();
      if (errors.length) {
        showIssues();
        setStatus(t("refused", { n: errors.length }));
        const summary = $("#error-summary");
        if (summary) summary.focus();
        return false;
      }
    }
    const url = state.target === "site" ? `${API}/site` : `${API}/reports/${encodeURIComponent(state.slug)}`;
    const markdown = changedMarkdown();
    // The version of each Markdown file as the form loaded it ('' for one it did not find):
    // a file saved meanwhile by another tab is then a conflict, not overwritten.
    const versions = Object.fromEntries(Object.keys(markdown).map((name) => [name, state.markdownVersions[name] ?? ""]));
    const payload = { data: state.data, version: state.version, markdown, markdown_versions: versions, draft };
    if (!draft && state.target === "report") payload.trash = state.trash;
    if (keepDraft) payload.keep_draft = true;
    const { status, body } = await api("PUT", url, payload);
    const time = new Date().toLocaleTimeString(LANG === "ja" ? "ja-JP" : "en-GB");
    if (status === 200) {
      // A draft saved now is the form's own; a save removed the old one (unless kept).
      if (!keepDraft) state.draft = null;
      if (!draft && !keepDraft) $("#draft-notice")?.remove();
      if (!draft) {
        state.version = body.version ?? state.version;
        Object.assign(state.markdownVersions, body.markdown_versions ?? {});
        state.markdownSaved = { ...state.markdown };
        state.trash = [];
        state.dirty = false;
        forgetAutosave();
      }
      const moved = (body.trashed ?? []).map((file) => file.slice(file.lastIndexOf("/") + 1));
      setStatus([t(draft ? "savedDraft" : "saved", { time }),
        moved.length ? t("movedToTrash", { names: moved.join(LANG === "ja" ? "、" : ", ") }) : ""]
        .filter(Boolean).join(" "));
      document.documentElement.dataset.saved = String(Date.now());
      refreshHistory();
      if (state.target === "report" && !draft) loadReportList();
      return true;
    }
    if (status === 409 && body?.conflict) {
      showConflict(body.conflict);
      return false;
    }
    if (status === 422) {
      state.errors = body?.errors ?? [];
      showIssues();
      setStatus(t("refused", { n: state.errors.length }));
      $("#error-summary")?.focus();
      return false;
    }
    setStatus(t("saveFailed", { message: body?.message ?? status }));
    return false;
  }

  // ------------------------------------------------------------------ conflicts

  /** Every file changed on disk since the form loaded it, in one dialog: both versions of
   * each, and (for two or more) a choice per file, settled in one go. */
  function showConflict(conflict) {
    state.conflict = conflict;
    const files = conflict.files ?? [];
    const many = files.length > 1;
    const dialog = $("#conflict");
    $("#conflict-title").textContent = many ? t("conflictTitleMany", { n: files.length }) : t("conflictTitle");
    $("#conflict-intro").textContent = t(many ? "conflictIntroMany" : "conflictIntro");
    $("#conflict-files").replaceChildren(...files.map((entry, index) => conflictEntry(entry, index, many)));
    const missing = $("#conflict-missing");
    missing.hidden = true;
    missing.textContent = "";
    $("#conflict-apply").hidden = !many;
    $("#conflict-overwrite").textContent = t(many ? "conflictOverwriteAll" : "conflictOverwrite");
    $("#conflict-reload").textContent = t(many ? "conflictReloadAll" : "conflictReload");
    dialog.showModal();
    $("#conflict-close").focus();
  }

  function conflictEntry(entry, index, many) {
    const file = entry.file ?? "";
    const ids = { head: `conflict-h-${index}`, mine: `conflict-mine-h-${index}`, theirs: `conflict-theirs-h-${index}` };
    const mine = el("pre", { class: "conflict-mine", tabindex: "0", "aria-labelledby": `${ids.head} ${ids.mine}` });
    const theirs = el("pre", { class: "conflict-theirs", tabindex: "0", "aria-labelledby": `${ids.head} ${ids.theirs}` });
    showLines(mine, entry.mine ?? "", entry.theirs ?? "");
    showLines(theirs, entry.theirs ?? "", entry.mine ?? "");
    const box = el("section", { class: "conflict-entry", "data-file": file, "aria-labelledby": ids.head },
      el("h3", { class: "conflict-file", id: ids.head, text: t("conflictFile", { file }) }),
      el("div", { class: "conflict-sides" },
        el("section", {}, el("h4", { id: ids.mine, text: t("conflictMine") }), mine),
        el("section", {}, el("h4", { id: ids.theirs, text: t("conflictTheirs") }), theirs)));
    if (many) {
      const name = `conflict-choice-${index}`;
      const option = (value, word) => {
        const id = `${name}-${value}`;
        return el("div", { class: "choice" }, el("input", { type: "radio", id, name, value }),
          el("label", { for: id, text: word }));
      };
      box.append(el("fieldset", { class: "conflict-choice" },
        el("legend", { text: t("conflictChoose", { file: file.slice(file.lastIndexOf("/") + 1) }) }),
        option("mine", t("conflictUseMine")), option("theirs", t("conflictUseTheirs"))));
    }
    return box;
  }

  /** The text line by line; a line the other version lacks is marked (<mark>). */
  function showLines(pre, text, other) {
    const others = new Set(other.split("\n"));
    pre.replaceChildren(...text.split("\n").map((line) => {
      const node = others.has(line) ? document.createTextNode(`${line}\n`) : el("mark", { text: `${line}\n` });
      return node;
    }));
  }

  /** The choice of each file of the dialog (file -> "mine" | "theirs"), or null after
   * pointing at the first file not chosen yet. */
  function conflictChoices() {
    const choices = {};
    for (const box of $$("#conflict-files .conflict-entry")) {
      const picked = $("input[type=radio]:checked", box);
      if (!picked) {
        const missing = $("#conflict-missing");
        const file = box.dataset.file ?? "";
        missing.textContent = t("conflictUnchosen", { file: file.slice(file.lastIndexOf("/") + 1) });
        missing.hidden = false;
        $("input[type=radio]", box)?.focus();
        return null;
      }
      choices[box.dataset.file] = picked.value;
    }
    return choices;
  }

  /** Settle the conflict: each file as chosen. Mine over the disk's: the save writes it, the
   * disk's version goes into the history. The disk's over mine: the whole form is first kept
   * as a draft (the save that follows keeps it), then the form is read again from the disk
   * and the author's texts of the other files are put back into it. */
  async function settleConflict(choices) {
    const conflict = state.conflict ?? {};
    const files = (conflict.files ?? []).map((entry) => entry.file);
    const versions = conflict.versions ?? {};
    $("#conflict").close();
    acceptVersions(versions);
    const theirs = new Set(files.filter((file) => choices[file] === "theirs"));
    if (!theirs.size) return saveNow(false);
    if (!(await saveNow(true))) return false;
    const target = state.target;
    const slug = state.slug;
    const yaml = target === "site" ? "content/site.yaml" : `content/reports/${slug}/report.yaml`;
    const base = `content/reports/${slug}/`;
    const kept = { data: state.data, markdown: { ...state.markdown }, saved: { ...state.markdownSaved }, trash: [...state.trash] };
    if (theirs.size === files.length) autosave(); // every file from the disk: as before
    else forgetAutosave(); // the draft has it all; the form keeps the rest
    resetView();
    await openFile(target, slug);
    if (theirs.size === files.length) return true;
    const keepYaml = !theirs.has(yaml);
    if (keepYaml) {
      state.data = kept.data;
      state.trash = kept.trash;
    }
    for (const [name, text] of Object.entries(kept.markdown)) {
      if (theirs.has(base + name) || kept.saved[name] === text) continue;
      if (!keepYaml && !(name in state.markdown)) continue; // the disk's report no longer names it
      state.markdown[name] = text;
    }
    renderEditor();
    if (state.draft) offerDraft($("#editor-top"), state.draft);
    markDirty();
    return saveNow(false, { keepDraft: true });
  }

  function setUpConflictDialog() {
    const dialog = $("#conflict");
    const every = (choice) => Object.fromEntries((state.conflict?.files ?? []).map((entry) => [entry.file, choice]));
    $("#conflict-close").addEventListener("click", () => dialog.close());
    $("#conflict-overwrite").addEventListener("click", () => settleConflict(every("mine")));
    $("#conflict-reload").addEventListener("click", () => settleConflict(every("theirs")));
    $("#conflict-apply").addEventListener("click", () => {
      const choices = conflictChoices();
      if (choices) settleConflict(choices);
    });
    $("#history-close").addEventListener("click", () => $("#history-view").close());
  }

  /** Take the disk's versions of these files (site-relative) as the ones the form saves
   * over: report.yaml or site.yaml, or a Markdown file of the report. */
  function acceptVersions(versions) {
    const base = `content/reports/${state.slug}/`;
    for (const [file, version] of Object.entries(versions)) {
      if (!file || typeof version !== "string") continue;
      if (file === "content/site.yaml" || file === `${base}report.yaml`) state.version = version;
      else if (file.startsWith(base)) state.markdownVersions[file.slice(base.length)] = version;
    }
  }

  /** Ask a yes/no question in the page's own dialog; resolves true for yes (Esc: no). */
  function ask(text, yesWord, noWord) {
    const dialog = $("#ask");
    $("#ask-text").textContent = text;
    const yes = $("#ask-yes");
    const no = $("#ask-no");
    yes.textContent = yesWord;
    no.textContent = noWord;
    return new Promise((resolve) => {
      const done = (answer) => {
        yes.onclick = null;
        no.onclick = null;
        dialog.oncancel = null;
        if (dialog.open) dialog.close();
        resolve(answer);
      };
      yes.onclick = () => done(true);
      no.onclick = () => done(false);
      dialog.oncancel = (event) => {
        event.preventDefault();
        done(false);
      };
      dialog.showModal();
      no.focus();
    });
  }

  // ------------------------------------------------------------------ history

  function historyFiles() {
    if (state.target === "site") return ["content/site.yaml"];
    const base = `content/reports/${state.slug}`;
    return [`${base}/report.yaml`, ...Object.keys(state.markdownSaved).map((p) => `${base}/${p}`)];
  }

  function historySection() {
    const selectId = "history-file";
    const select = el("select", { id: selectId }, ...historyFiles().map((f) => el("option", { value: f, text: f })));
    const load = el("button", { type: "button", id: "history-load", text: t("historyLoad") });
    load.addEventListener("click", () => refreshHistory(true));
    select.addEventListener("change", () => refreshHistory(true));
    return el("section", { class: "history", "aria-labelledby": "history-title" },
      el("h2", { id: "history-title", text: t("history") }),
      el("p", { class: "help", text: t("historyHelp") }),
      el("label", { for: selectId, text: t("historyFile") }), " ", select, " ", load,
      el("div", { id: "history-problem", class: "error-summary", role: "alert", hidden: true }),
      el("div", { id: "history-list" }));
  }

  async function refreshHistory(force = false) {
    const box = $("#history-list");
    if (!box || (!force && !box.dataset.loaded)) return;
    const file = $("#history-file").value;
    const { status, body } = await api("GET", `${API}/history?file=${encodeURIComponent(file)}`);
    box.dataset.loaded = "1";
    if (status !== 200) {
      box.replaceChildren(el("p", { text: t("loadFailed", { message: body?.message ?? status }) }));
      return;
    }
    const versions = body.versions ?? [];
    if (!versions.length) {
      box.replaceChildren(el("p", { text: t("historyNone") }));
      return;
    }
    const rows = versions.map((version) => {
      const saved = formatWhen(version.saved);
      const show = el("button", { type: "button", "data-history": version.id }, t("historyShow"),
        el("span", { class: "visually-hidden", text: `（${saved}）` }));
      const restore = el("button", { type: "button", "data-restore": version.id }, t("historyRestore"),
        el("span", { class: "visually-hidden", text: `（${saved}）` }));
      show.addEventListener("click", () => showVersion(file, version.id, saved));
      restore.addEventListener("click", () => restoreVersion(file, version.id, saved));
      return el("tr", {}, el("td", { text: saved }), el("td", { text: t("bytes", { n: version.size ?? "?" }) }),
        el("td", {}, show, " ", restore));
    });
    box.replaceChildren(el("table", {},
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: t("historySaved") }),
        el("th", { scope: "col", text: t("historySize") }), el("th", { scope: "col", text: t("historyActions") }))),
      el("tbody", {}, ...rows)));
  }

  function formatWhen(saved) {
    // Seconds since the epoch (the server's clock), or an ISO text.
    const date = typeof saved === "number" ? new Date(saved * 1000) : new Date(saved);
    return Number.isNaN(date.getTime()) ? String(saved) : date.toLocaleString(LANG === "ja" ? "ja-JP" : "en-GB");
  }

  async function showVersion(file, id, saved) {
    const { status, body } = await api("GET", `${API}/history/${encodeURIComponent(id)}?file=${encodeURIComponent(file)}`);
    $("#history-view-title").textContent = `${t("historyViewTitle")}: ${saved}`;
    $("#history-text").textContent = status === 200 ? body.text ?? "" : t("loadFailed", { message: body?.message ?? status });
    $("#history-view").showModal();
  }

  async function restoreVersion(file, id, saved) {
    commitFocused();
    if (state.dirty && !(await ask(t("restoreAsk", { saved }), t("restoreAskYes"), t("askNo")))) return;
    const problem = $("#history-problem");
    if (problem) problem.replaceChildren();
    const { status, body } = await api("POST", `${API}/history/restore`, { file, id });
    if (status === 422 && Array.isArray(body?.errors)) {
      // Not written: the site would not build with that version. Say why, keep the form.
      const text = t("restoreRefused", { saved, message: body.message ?? "" });
      if (problem) {
        problem.append(el("p", { text }),
          el("ul", {}, ...body.errors.map((issue) => el("li", { text: issueText(issue, false) }))));
        problem.hidden = false;
      }
      setStatus(text);
      return;
    }
    if (status !== 200) {
      setStatus(t("saveFailed", { message: body?.message ?? status }));
      return;
    }
    const target = state.target;
    const slug = state.slug;
    forgetAutosave();
    resetView();
    await openFile(target, slug);
    const back = (body.files_restored ?? []).map((name) => name.split("/").pop());
    setStatus([t("historyRestored", { saved }), back.length ? t("restoredFromTrash", { names: back.join(LANG === "ja" ? "、" : ", ") }) : ""]
      .filter(Boolean).join(" "));
    const box = $("#history-list");
    if (box) {
      box.dataset.loaded = "1";
      const select = $("#history-file");
      if (select) select.value = file;
      refreshHistory(true);
    }
  }

  // ------------------------------------------------------------------ new report

  let slugEdited = false;

  function showNewReport() {
    state.target = "new";
    hidePreview();
    const field = (id, label, help, attrs = {}) => el("div", { class: "field" },
      el("label", { for: id }, label, el("span", { class: "req", "aria-hidden": "true", text: ` ${t("required")}` })),
      el("input", { id, type: "text", autocomplete: "off", "aria-required": "true",
        "aria-describedby": `${id}-help ${id}-e`, ...attrs }),
      el("p", { class: "help", id: `${id}-help`, text: help }),
      el("p", { class: "issue", id: `${id}-e`, hidden: true }));
    const date = field("new-date", t("newDateLabel"), t("dateHelp"), { "data-date": "date" });
    date.append(el("p", { class: "iso", id: idFor("d", "date"), "aria-live": "polite" }));
    const create = el("button", { type: "button", class: "primary", id: "create", text: t("create") });
    const form = el("form", { id: "new-report", novalidate: true, "aria-labelledby": "new-title" },
      el("h1", { id: "new-title", text: t("newTitle") }),
      el("p", { class: "help", text: `${t("newIntro")} ${t("requiredNote")}` }),
      field("new-report-title", t("newTitleLabel"), ""),
      date,
      field("new-slug", t("newSlug"), t("newSlugHelp"), { spellcheck: "false" }),
      el("div", { class: "save-bar" }, create));
    form.addEventListener("submit", (event) => event.preventDefault());
    $("#view").replaceChildren(form);
    slugEdited = false;
    const title = $("#new-report-title");
    const dateInput = $("#new-date");
    const slug = $("#new-slug");
    const refresh = () => later("slug", 250, suggestSlug);
    title.addEventListener("input", (e) => { if (!e.isComposing && !state.composing) refresh(); });
    title.addEventListener("compositionend", refresh);
    dateInput.addEventListener("input", (e) => { if (!e.isComposing) later("newdate", 300, () => checkDate(dateInput)); });
    dateInput.addEventListener("blur", () => checkDate(dateInput));
    slug.addEventListener("input", () => { slugEdited = slug.value.trim() !== ""; });
    slug.addEventListener("blur", () => { if (!slug.value.trim()) { slugEdited = false; suggestSlug(); } });
    create.addEventListener("click", createReport);
    title.focus();
  }

  async function suggestSlug() {
    const slug = $("#new-slug");
    if (!slug || slugEdited) return;
    const title = $("#new-report-title").value;
    const iso = state.dates?.get($("#new-date").value) ?? $("#new-date").value.trim();
    const query = new URLSearchParams({ title });
    if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) query.set("date", iso);
    const { status, body } = await api("GET", `${API}/slug?${query}`);
    if (status === 200 && body?.slug && !slugEdited) slug.value = body.slug;
  }

  async function createReport() {
    const title = $("#new-report-title");
    const dateInput = $("#new-date");
    const slug = $("#new-slug");
    if (state.composing) return;
    await checkDate(dateInput);
    if (!slug.value.trim()) await suggestSlug();
    const iso = state.dates?.get(dateInput.value) ?? dateInput.value.trim();
    const shown = [];
    const need = (input, ok, message) => {
      const box = document.getElementById(`${input.id}-e`);
      box.hidden = ok;
      box.textContent = ok ? "" : message;
      if (ok) input.removeAttribute("aria-invalid");
      else { input.setAttribute("aria-invalid", "true"); shown.push(input); }
    };
    const missing = (label) => (LANG === "ja" ? `「${label}」を入力してください。` : `Please fill in “${label}”.`);
    need(title, title.value.trim() !== "", missing(t("newTitleLabel")));
    // A date typed but not on the calendar (令和7年2月30日) is not "missing": say why instead,
    // once (under the field, no longer on the line that shows the date read).
    const read = document.getElementById(idFor("d", "date"));
    const reason = dateInput.value.trim() && read?.classList.contains("bad") ? read.textContent : "";
    if (reason) read.textContent = "";
    need(dateInput, /^\d{4}-\d{2}-\d{2}$/.test(iso), reason || missing(t("newDateLabel")));
    need(slug, slug.value.trim() !== "", missing(t("newSlug")));
    if (shown.length) {
      shown[0].focus();
      return;
    }
    const { status, body } = await api("POST", `${API}/reports`, { title: title.value.trim(), date: iso, slug: slug.value.trim() });
    if (status === 201 || status === 200) {
      setStatus(t("created", { slug: body.slug }));
      await loadReportList();
      location.hash = `#/report/${encodeURIComponent(body.slug)}`;
      return;
    }
    const message = body?.message ?? body?.errors?.map((e) => e.message).join(" ") ?? String(status);
    need(slug, false, message);
    slug.focus();
  }

  // ------------------------------------------------------------------ wiring

  function onKeydown(event) {
    // Alt+ArrowUp / Alt+ArrowDown inside a list item moves that item (buttons do the same).
    if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown") || event.isComposing) return;
    const item = event.target.closest("[data-item]");
    if (!item || !$("#editor-form")?.contains(item)) return;
    event.preventDefault();
    commitFocused();
    moveItem(item.dataset.list, Number(item.dataset.index), event.key === "ArrowUp" ? -1 : 1);
  }

  function wire() {
    const view = $("#view");
    view.addEventListener("compositionstart", () => {
      state.composing = true;
    });
    view.addEventListener("compositionend", (event) => {
      state.composing = false;
      // The composed text is now final: take it as one input.
      onInput({ target: event.target, isComposing: false });
    });
    view.addEventListener("input", onInput);
    view.addEventListener("change", onChange);
    view.addEventListener("keydown", onKeydown);
    view.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      if (button && $("#editor-form")?.contains(button)) {
        commitFocused();
        onAction(button);
      }
    });
    // Leaving a field: validate now (the message appears well within 300 ms).
    view.addEventListener("focusout", (event) => {
      const control = event.target;
      if (state.composing || rendering || !control.matches?.("[data-path], [data-md]")) return;
      commit(control);
      if (control.dataset.kind === "date" && !control.closest("#new-report")) {
        checkDate(control).then(() => validateSoon(0));
      } else validateSoon(0);
    });
    // Photos dropped on a drop zone.
    view.addEventListener("dragover", (event) => {
      const zone = event.target.closest?.("[data-drop]");
      if (!zone) return;
      event.preventDefault();
      zone.classList.add("over");
    });
    view.addEventListener("dragleave", (event) => event.target.closest?.("[data-drop]")?.classList.remove("over"));
    view.addEventListener("drop", (event) => {
      const zone = event.target.closest?.("[data-drop]");
      if (!zone) return;
      event.preventDefault();
      zone.classList.remove("over");
      uploadPhotos(zone.dataset.drop, zone.dataset.folder, Array.from(event.dataTransfer?.files ?? []));
    });
    window.addEventListener("beforeunload", (event) => {
      if (!state.dirty) return;
      autosave();
      event.preventDefault();
      event.returnValue = t("leave");
    });
    window.addEventListener("hashchange", route);
    // The skip link moves the focus only: its #main would be a route ("no report").
    $("a.skip")?.addEventListener("click", (event) => {
      event.preventDefault();
      const main = $("#main");
      main.focus();
      main.scrollIntoView();
    });
    setUpConflictDialog();
  }

  function translateShell() {
    for (const node of $$("[data-t]")) node.textContent = t(node.dataset.t);
    $("#preview-frame").setAttribute("title", t("previewHeading"));
  }

  async function start() {
    translateShell();
    wire();
    try {
      await loadShapes();
    } catch (error) {
      $("#view").replaceChildren(el("p", { role: "alert", text: t("loadFailed", { message: error.message }) }));
      return;
    }
    await loadReportList();
    await route();
    document.documentElement.dataset.ready = "1";
  }

  // Exposed for the browser tests and for curious staff: read-only views of the state.
  window.seminarEditor = Object.freeze({
    data: () => structuredClone(state.data),
    markdown: () => ({ ...state.markdown }),
    composing: () => state.composing,
    // Nothing pending: no request in flight, no validation/preview/date check waiting.
    idle: () => inFlight === 0 && Array.from(timers.keys()).every((name) => name === "autosave"),
  });

  start();
})();
