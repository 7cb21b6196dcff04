-- factloom's language server in Neovim (0.7 or later, its built-in LSP client).
-- Put this file in ~/.config/nvim/lua/ and `require('factloom')` from init.lua, or source it
-- with `:luafile`. Set vim.g.factloom_cmd first to run another binary, e.g.
--   vim.g.factloom_cmd = { '/path/to/build/factloom', 'lsp' }
-- The workspace root is the nearest folder with a factloom.json above the file, or its folder.
vim.filetype.add({ extension = { facts = 'factloom' } })
-- Neovim 0.7 detects with filetype.vim unless g:do_filetype_lua is set (and calls *.facts conf).
vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' },
  { pattern = '*.facts', command = 'set filetype=factloom' })

local clients = {} -- one server per workspace root

local function root_of(buf)
  local dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ':p:h')
  local settings = vim.fn.findfile('factloom.json', dir .. ';')
  if settings ~= '' then
    return vim.fn.fnamemodify(settings, ':p:h')
  end
  return dir
end

local function attach(args)
  local buf = args.buf
  local root = root_of(buf)
  local id = clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client({
      name = 'factloom',
      cmd = vim.g.factloom_cmd or { 'factloom', 'lsp' },
      root_dir = root,
    })
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(buf, id)
    vim.bo[buf].omnifunc = 'v:lua.vim.lsp.omnifunc'
  end
end

vim.api.nvim_create_autocmd('FileType', { pattern = 'factloom', callback = attach })
