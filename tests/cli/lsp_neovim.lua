-- Driven by lsp_neovim.sh: Neovim's own LSP client against `factloom lsp` on a copy of samples/.
-- Types a misspelt id, waits for the "did you mean" diagnostic at the right place, asks for a
-- completion there and goes to the definition in actors.facts. Exits 0 on success (cquit else).
local dir = os.getenv('FL_WORKDIR')

local function fail(message)
  io.stderr:write('FAIL: ' .. message .. '\n')
  vim.cmd('cquit 1')
end

local function request(buf, method, params)
  local answers = vim.lsp.buf_request_sync(buf, method, params, 10000)
  for _, answer in pairs(answers or {}) do
    if answer.result then
      return answer.result
    end
  end
  return nil
end

local function run()
  vim.cmd('edit ' .. dir .. '/berlin-talks.facts')
  local buf = vim.api.nvim_get_current_buf()
  if not vim.wait(10000, function()
    local c = vim.lsp.buf_get_clients(buf)[1]
    return c ~= nil and c.initialized
  end, 20) then
    return fail('the factloom client did not start and initialise')
  end
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local row
  for i, l in ipairs(lines) do
    if l:find('participant: zelensky', 1, true) then
      row = i - 1
      break
    end
  end
  local col = lines[row + 1]:find('zelensky', 1, true) - 1
  vim.api.nvim_buf_set_text(buf, row, col, row, col + 8, { 'zelenksy' })

  local found
  vim.wait(10000, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.message:find("did you mean 'zelensky'", 1, true) then
        found = d
        return true
      end
    end
    return false
  end, 20)
  if not found then
    return fail('no "did you mean \'zelensky\'" diagnostic')
  end
  if found.lnum ~= row or found.col ~= col or found.end_lnum ~= row or found.end_col ~= col + 8 then
    return fail(string.format('diagnostic at %d:%d-%d:%d, expected %d:%d-%d:%d', found.lnum,
      found.col, found.end_lnum, found.end_col, row, col, row, col + 8))
  end
  print(string.format('diagnostic at %d:%d: %s', found.lnum, found.col, found.message))

  local uri = vim.uri_from_bufnr(buf)
  local items = request(buf, 'textDocument/completion',
    { textDocument = { uri = uri }, position = { line = row, character = col + 8 } })
  if items and items.items then
    items = items.items
  end
  local completed
  for _, item in ipairs(items or {}) do
    if item.label == 'zelensky' then
      completed = item
    end
  end
  if not completed then
    return fail('completion did not offer zelensky')
  end
  print('completion offers ' .. completed.label .. ' (' .. (completed.detail or '') .. ')')
  vim.api.nvim_buf_set_text(buf, row, col, row, col + 8, { completed.label })
  if not vim.wait(10000, function() return #vim.diagnostic.get(buf) == 0 end, 20) then
    return fail('the diagnostic stayed after the fix')
  end

  local location = request(buf, 'textDocument/definition',
    { textDocument = { uri = uri }, position = { line = row, character = col + 2 } })
  if location and location[1] then
    location = location[1]
  end
  if not location or not location.uri then
    return fail('no definition for zelensky')
  end
  vim.lsp.util.jump_to_location(location, 'utf-16')
  local name = vim.api.nvim_buf_get_name(0)
  local line = vim.api.nvim_get_current_line()
  if not name:find('actors%.facts$') or not line:find('person zelensky', 1, true) then
    return fail('definition went to ' .. name .. ': ' .. line)
  end
  print('definition: ' .. name .. ': ' .. line)
  vim.cmd('qall!')
end

local ok, err = pcall(run)
if not ok then
  fail(tostring(err))
end
