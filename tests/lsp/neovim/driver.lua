-- Run by tests/lsp/test_neovim.py after a set-up from docs/editors.md: open a proposal, wait for
-- the rules the test expects to show as diagnostics, then open a pack file, and write what
-- Neovim saw as JSON. Plain Neovim 0.7+ API only (no plugin), so every documented set-up runs it.
local proposal, pack_file = vim.env.SHARECHECK_TEST_PROPOSAL, vim.env.SHARECHECK_TEST_PACK_FILE
local want = vim.split(vim.env.SHARECHECK_TEST_WANT, ",")
local function clients_of(buf)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = buf })
  end
  return vim.tbl_values(vim.lsp.buf_get_clients(buf))
end
local function all_clients()
  return (vim.lsp.get_clients or vim.lsp.get_active_clients)()
end
local function codes(buf)
  local seen = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    seen[tostring(code)] = true
  end
  return seen
end

vim.cmd("edit " .. vim.fn.fnameescape(proposal))
local buf = vim.api.nvim_get_current_buf()
local found = vim.wait(90000, function()
  local seen = codes(buf)
  for _, code in ipairs(want) do
    if not seen[code] then
      return false
    end
  end
  return true
end, 50)

local diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  table.insert(diagnostics, { code = tostring(code), lnum = d.lnum, col = d.col, severity = d.severity })
end

-- a pack file in the same repository must reach the same server, not start one rooted elsewhere
vim.cmd("edit " .. vim.fn.fnameescape(pack_file))
local pack_buf = vim.api.nvim_get_current_buf()
vim.wait(30000, function()
  return #clients_of(pack_buf) > 0
end, 50)

local clients = {}
for _, client in ipairs(all_clients()) do
  table.insert(clients, { name = client.name, root = client.config.root_dir or vim.NIL })
end
local v = vim.version()
local report = {
  version = string.format("%d.%d.%d", v.major, v.minor, v.patch),
  found = found,
  filetype = vim.bo[buf].filetype,
  diagnostics = diagnostics,
  clients = clients,
  pack_file_clients = #clients_of(pack_buf),
}
vim.fn.writefile({ vim.fn.json_encode(report) }, vim.env.SHARECHECK_TEST_OUT)
vim.cmd("qall!")
