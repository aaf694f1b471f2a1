"""Moving a newsroom over from WordPress: its export (WXR) read and turned into Newsroom's rows.

``body`` turns a post's content, classic editor or block editor alike, into body pieces:
paragraphs (WordPress's automatic paragraphs applied to classic content), subheadings, photos
with their captions (``[caption]`` in both of its forms, image and gallery blocks), pull quotes
with their attribution and links for embeds. Whatever has no place in a Newsroom body (unknown
shortcodes and blocks, scripts, frames, styles) is left out and said so, post by post.
"""
