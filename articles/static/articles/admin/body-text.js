// The rich-text editor of the body's "Paragraphs" pieces and of static pages' bodies:
// django-prose-editor's Tiptap build, created the way its createTextareaEditor does, with two
// differences the site's strict CSP needs: editor.js is imported by a relative URL (no inline
// import map), and Tiptap injects no <style> element (injectCSS: false; prose-editor's
// stylesheets are linked instead).
// The schema keeps paragraphs, line breaks, bold, italic, links and lists, so whatever is
// pasted from a word processor or a web page keeps just those; the server's nh3 allowlist
// (articles/richtext.py) stays the last line.
import {
  Bold,
  BulletList,
  Document,
  Editor,
  HardBreak,
  History,
  Italic,
  Link,
  ListItem,
  Menu,
  OrderedList,
  Paragraph,
  Text,
} from "../../django_prose_editor/editor.js";

// The toolbar's buttons, by the name prose-editor gives each menu item.
const LABELS = {
  bulletList: "Bulleted list",
  orderedList: "Numbered list",
  bold: "Bold (Ctrl+B)",
  italic: "Italic (Ctrl+I)",
  link: "Link (Ctrl+K)",
  unlink: "Remove link",
  "history:undo": "Undo",
  "history:redo": "Redo",
};
const TOGGLES = new Set(["bulletList", "orderedList", "bold", "italic", "link"]);

function blankIfEmpty(html) {
  return /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
}

function labelToolbar(editor, element, name) {
  const toolbar = element.querySelector(".prose-menubar");
  if (!toolbar) return;
  toolbar.setAttribute("role", "group");
  toolbar.setAttribute("aria-label", `Formatting of ${name}`);
  const buttons = Array.from(toolbar.querySelectorAll("button[data-name]"));
  for (const button of buttons) {
    const label = LABELS[button.dataset.name];
    if (label) {
      button.setAttribute("aria-label", label);
      button.title = label;
    }
  }
  const sync = () => {
    for (const button of buttons) {
      // prose-editor marks state with classes only; assistive technology reads these.
      button.setAttribute("aria-disabled", String(button.classList.contains("disabled")));
      if (TOGGLES.has(button.dataset.name)) {
        button.setAttribute("aria-pressed", String(button.classList.contains("active")));
      }
    }
  };
  editor.on("transaction", sync);
  sync();
}

// What a paste brings along that the editor would drop anyway (styles, classes, scripts, event
// handlers, images, frames) is taken out first, so the page never even tries to apply it: the
// CSP would refuse it and log each refusal. Even a DOMParser document is under the page's CSP,
// so style and on… attributes are renamed in the text before anything parses it. Bold and
// italics that a word processor wrote as styles become <strong> and <em>; a <b> styled
// "normal" (how some web apps wrap a whole copied document) is unwrapped.
const DROPPED_ON_PASTE =
  "script, style, link, meta, img, picture, video, audio, iframe, object, embed, svg, math, " +
  "form, input, button, select, textarea";
const RISKY_ATTRIBUTE = /(\s)(style|on[a-z]+)(\s*=)/gi;

function wrapChildren(element, tagName) {
  const wrapper = element.ownerDocument.createElement(tagName);
  wrapper.append(...element.childNodes);
  element.append(wrapper);
}

function cleanPastedHTML(html) {
  const defused = html.replace(/<[a-z][^>]*>/gi, (tag) =>
    tag.replace(RISKY_ATTRIBUTE, "$1data-pasted-$2$3"),
  );
  const doc = new DOMParser().parseFromString(defused, "text/html");
  doc.querySelectorAll(DROPPED_ON_PASTE).forEach((element) => element.remove());
  for (const element of doc.body.querySelectorAll("*")) {
    const style = element.getAttribute("data-pasted-style") || "";
    const weight = (style.match(/font-weight\s*:\s*([a-z0-9]+)/i) || [])[1] || "";
    if (element.tagName === "B" && weight === "normal") {
      element.replaceWith(...element.childNodes);
      continue;
    }
    if (weight === "bold" || Number(weight) >= 600) wrapChildren(element, "strong");
    if (/font-style\s*:\s*italic/i.test(style)) wrapChildren(element, "em");
    for (const attribute of [...element.attributes]) {
      if (!(element.tagName === "A" && attribute.name === "href")) {
        element.removeAttribute(attribute.name);
      }
    }
  }
  return doc.body.innerHTML;
}

function createEditor(textarea) {
  if (textarea.closest(".prose-editor") || textarea.id.includes("__prefix__")) return null;
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  if (label && !label.id) label.id = `${textarea.id}-label`;
  const help = document.getElementById(`${textarea.id}_helptext`);
  const attributes = { role: "textbox", "aria-multiline": "true" };
  if (label) attributes["aria-labelledby"] = label.id;
  if (help) attributes["aria-describedby"] = help.id;

  const element = document.createElement("div");
  element.className = "prose-editor";
  textarea.before(element);
  element.append(textarea);

  const editor = new Editor({
    element,
    injectCSS: false,
    extensions: [
      Document,
      Paragraph,
      Text,
      HardBreak,
      Bold,
      Italic,
      Link.configure({ enableTarget: false }),
      BulletList,
      OrderedList,
      ListItem,
      History,
      Menu,
    ],
    content: textarea.value,
    editorProps: { attributes, transformPastedHTML: cleanPastedHTML },
    onUpdate({ editor }) {
      textarea.value = blankIfEmpty(editor.getHTML());
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
    onDestroy() {
      element.before(textarea);
      element.remove();
    },
  });
  const name = label ? label.textContent.replace(/:\s*$/, "") : "the text";
  editor.on("create", () => labelToolbar(editor, element, name));
  if (label) label.addEventListener("click", () => editor.commands.focus());
  // A form that opens with the cursor in its text (a new live update): the editor takes it.
  if (textarea.hasAttribute("autofocus")) editor.on("create", () => editor.commands.focus("end"));
  return editor;
}

for (const textarea of document.querySelectorAll("[data-kind='text'] textarea[data-body-text]")) {
  createEditor(textarea);
}
// A rich-text field of its own, such as a static page's body (articles/pages_admin.py).
for (const textarea of document.querySelectorAll("textarea[data-rich-text]")) {
  createEditor(textarea);
}
// A piece added with the "Paragraphs" button (articles/admin/body-pieces.js).
document.addEventListener("body:piece-added", (event) => {
  const textarea = event.target.querySelector("textarea[data-body-text]");
  if (textarea && event.target.dataset.kind === "text") createEditor(textarea);
});
