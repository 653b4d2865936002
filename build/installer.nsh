; Custom NSIS steps for the Windows installer (electron-builder.yml: nsis.include).
; electron-builder's NSIS target does not register URL schemes, so the installer does:
; bizkithub-complaints:// links work right after installation, before the first start, and
; the key is removed on uninstall. The app registers the same key again at every start
; (app.setAsDefaultProtocolClient), which also covers the portable build.
; The install is per user (nsis.perMachine: false), so SHCTX is HKEY_CURRENT_USER.

!define DESK_URL_SCHEME "bizkithub-complaints"

!macro customInstall
  WriteRegStr SHCTX "Software\Classes\${DESK_URL_SCHEME}" "" "URL:${PRODUCT_NAME}"
  WriteRegStr SHCTX "Software\Classes\${DESK_URL_SCHEME}" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\${DESK_URL_SCHEME}\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHCTX "Software\Classes\${DESK_URL_SCHEME}\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
!macroend

!macro customUnInstall
  ; An update runs the old uninstaller first: keep the key, the new version rewrites it.
  ${ifNot} ${isUpdated}
    DeleteRegKey SHCTX "Software\Classes\${DESK_URL_SCHEME}"
  ${endIf}
!macroend
