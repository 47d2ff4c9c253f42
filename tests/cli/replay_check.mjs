// replay_check.mjs - drives headless Chromium (puppeteer-core) over the
// ReplayWeb.page embed served on 127.0.0.1, and prints what the replayed
// page shows, as JSON: {contentType, title, text, background, images}.
// usage: node replay_check.mjs PUPPETEER_DIR EMBED_URL TARGET_URL
import { createRequire } from "module";
const [, , pdir, embed, target] = process.argv;
const require = createRequire(pdir + "/");
const puppeteer = require("puppeteer-core");
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
let out = { error: "the replayed page never appeared" };
try {
  const page = await browser.newPage();
  await page.goto(embed, { waitUntil: "load", timeout: 30000 });
  const deadline = Date.now() + 45000;
  while (Date.now() < deadline) {
    const f = page.frames().find((fr) => fr.url().includes("mp_/") && fr.url().includes(target.replace(/^https?:\/\//, "")));
    if (f) {
      try {
        await f.waitForFunction(
          () => document.readyState === "complete" && [...document.images].every((i) => i.complete) &&
            [...document.styleSheets].length >= document.querySelectorAll("link[rel=stylesheet]").length,
          { timeout: 15000 });
        await new Promise((r) => setTimeout(r, 500));
        out = await f.evaluate(() => ({
          contentType: document.contentType,
          title: document.title,
          text: (document.body ? document.body.innerText : document.documentElement.textContent || "").slice(0, 4000),
          background: document.body ? getComputedStyle(document.body).backgroundColor : "",
          images: [...document.images].map((i) => ({ src: i.getAttribute("src"), complete: i.complete, width: i.naturalWidth })),
        }));
        out.frame = f.url();
        break;
      } catch (e) {
        out = { error: String(e) };
      }
    }
    await new Promise((r) => setTimeout(r, 300));
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
