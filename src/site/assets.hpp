// The site's style sheet and search script (hand-written, no framework).
#pragma once

namespace factloom::site {

/// style.css: readable on a phone (fluid width, large tap targets), visible focus outlines.
extern const char *const style_css;
/// search.js: filters the prebuilt index (search-index.js) as the reader types.
extern const char *const search_js;

} // namespace factloom::site
