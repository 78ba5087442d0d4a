"""The designer: a browser app (Panel, the ``designer`` extra) to edit a stack, see the LED change.

It holds no physics: :mod:`ncled.designer.model` is its one door into the library;
:mod:`~ncled.designer.document` edits and writes the device file, :mod:`~ncled.designer.jobs`
runs the LED solves off the event loop, :mod:`~ncled.designer.views` and
:mod:`~ncled.designer.app` make the page, :mod:`~ncled.designer.server` serves it
(``ncled designer``). Only the last three import Panel.
"""
