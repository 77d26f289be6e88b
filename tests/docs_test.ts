import assert from "node:assert/strict";

Deno.test("the README's helper table is generated from the helper definitions and fresh (`deno task docs`)", async () => {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "tools/docs.ts", "--check"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
});
