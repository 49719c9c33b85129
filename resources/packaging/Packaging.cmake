# The Debian package: `cpack -G DEB` in a build configured with CMAKE_INSTALL_PREFIX=/usr makes
# bufferlab_VERSION_ARCH.deb from the install rules. scripts/package.sh does it with Debian's
# build flags and checks the result with lintian (README, "Install").

set(docdir ${CMAKE_INSTALL_DATADIR}/doc/bufferlab)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/copyright DESTINATION ${docdir})
set(changelog_gz ${CMAKE_CURRENT_BINARY_DIR}/changelog.gz)
add_custom_command(OUTPUT ${changelog_gz}
    COMMAND sh -c "\"$1\" -9nc \"$2\" > \"$3\"" sh ${BUFFERLAB_GZIP} ${CMAKE_CURRENT_LIST_DIR}/changelog ${changelog_gz}
    DEPENDS ${CMAKE_CURRENT_LIST_DIR}/changelog
    COMMENT "gzip changelog"
    VERBATIM)
add_custom_target(bufferlab_changelog ALL DEPENDS ${changelog_gz})
install(FILES ${changelog_gz} DESTINATION ${docdir})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME bufferlab)
set(CPACK_PACKAGE_VENDOR "The BufferLab developers")
set(CPACK_PACKAGE_CONTACT "${BUFFERLAB_MAINTAINER}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "producer-consumer problem made visible, for teaching")
set(CPACK_PACKAGE_DESCRIPTION
    "BufferLab teaches the producer-consumer (bounded buffer) problem by showing it.
Producer and consumer threads move student records through a buffer of a few
slots; an animated view, a synchronization panel, a timeline and charts show
every slot fill and empty, every thread wait on its semaphore, and every record
arrive exactly once. Strategies broken on purpose let a conservation checker
catch a lost record and a detector name a deadlock cycle.

A network tab runs the buffer as a TCP server with producer and consumer
clients. Headless commands (simulate, inspect, server, producer, consumer,
launch) serve scripts and terminals.")
set(CPACK_STRIP_FILES ON)
set(CPACK_PRE_BUILD_SCRIPTS ${CMAKE_CURRENT_LIST_DIR}/strip-sections.cmake)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${BUFFERLAB_HOMEPAGE}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded at run time, so dpkg-shlibdeps cannot see them: the platform plugins (xcb, offscreen).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
# Qt's own dialogs in the window's language.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_PACKAGE_INSTALL_DIRECTORY bufferlab)
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
include(CPack)
