# Writes the page (web/index.html) into the site with some of its scripts inline: each
# <script src="NAME"></script> for a NAME in SCRIPTS becomes a <script> holding that file. The two
# that start the training Worker (isolation.js, start-worker.js) are inline so that they run while
# the page's HTML is parsed, without waiting for a request of their own: on a network that is a
# round trip sooner; on this machine they also no longer wait behind the renderer's slow first
# compositor set-up (200-300 ms on the main thread with software GL).
#   cmake -DIN=web/index.html -DOUT=site/index.html -DSCRIPTS="a.js;b.js" -P inline_scripts.cmake
# The scripts are read from IN's folder. The site's file is rewritten only when its text changes.
get_filename_component(dir "${IN}" DIRECTORY)
file(READ "${IN}" html)
foreach(script IN LISTS SCRIPTS)
  set(tag "<script src=\"${script}\"></script>")
  string(FIND "${html}" "${tag}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${IN} has no ${tag} to put inline")
  endif()
  file(READ "${dir}/${script}" code)
  string(FIND "${code}" "</script" closing)
  if(NOT closing EQUAL -1)
    message(FATAL_ERROR "${script} contains </script and cannot be put inline")
  endif()
  string(REPLACE "${tag}" "<script>/* ${script} */\n${code}</script>" html "${html}")
endforeach()
set(old "")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL html)
  file(WRITE "${OUT}" "${html}")
endif()
