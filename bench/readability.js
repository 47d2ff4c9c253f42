// readability.js LIST - the reference for bench/html.sh: Mozilla Readability
// (with jsdom) over every page named in LIST, all in this one Node process.
// Prints the page count, the total text length and the seconds taken.
"use strict";
const fs = require("fs");
const { JSDOM } = require("jsdom");
const { Readability } = require("@mozilla/readability");

const files = fs.readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
const start = process.hrtime.bigint();
let chars = 0;
for (const f of files) {
  const html = fs.readFileSync(f, "utf8");
  const dom = new JSDOM(html, { url: "http://fakehost/test/page.html" });
  const article = new Readability(dom.window.document).parse();
  if (article && article.textContent) chars += article.textContent.length;
  dom.window.close();
}
const secs = Number(process.hrtime.bigint() - start) / 1e9;
console.log(`readability: ${files.length} pages, ${chars} chars of text, ${secs.toFixed(2)} s`);
